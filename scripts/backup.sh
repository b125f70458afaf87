#!/usr/bin/env bash
# Back up Stint: the PostgreSQL database (pg_dump, custom format) and every stored file (local disk
# or S3-compatible storage), into one new directory. Usage: scripts/backup.sh [DIR]
# (default var/backups/<UTC timestamp>). Reads the same environment as the web processes
# (DATABASE_URL, STINT_S3_* or STINT_MEDIA_ROOT/STINT_PRIVATE_MEDIA_ROOT). See docs/operations.md, "Backups".
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${STINT_PYTHON:-.venv/bin/python}
dest=${1:-var/backups/$(date -u +%Y%m%dT%H%M%SZ)}
if [ -e "$dest" ] && [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
  echo "backup: $dest exists and is not empty" >&2; exit 1
fi
mkdir -p "$dest"
# libpq's variables from DATABASE_URL (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE).
eval "$($PY scripts/pgenv.py)"
pg_dump --format=custom --no-owner --no-privileges --file "$dest/database.dump"
$PY manage.py stint_files dump "$dest/files"
{
  echo "created_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database=$PGDATABASE"
  echo "database_sha256=$(sha256sum "$dest/database.dump" | cut -d' ' -f1)"
} > "$dest/MANIFEST"
echo "backup: $dest"
