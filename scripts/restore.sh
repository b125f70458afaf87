#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the database of DATABASE_URL (created if it does
# not exist; its tables are replaced) and the configured file storage, then run ledger_check.
# Usage: scripts/restore.sh DIR. Stop the web processes and workers first. See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${STINT_PYTHON:-.venv/bin/python}
src=${1:?usage: scripts/restore.sh BACKUP_DIR}
[ -f "$src/database.dump" ] || { echo "restore: $src/database.dump is missing" >&2; exit 1; }
expected=$(sed -n 's/^database_sha256=//p' "$src/MANIFEST")
actual=$(sha256sum "$src/database.dump" | cut -d' ' -f1)
[ "$expected" = "$actual" ] || { echo "restore: database.dump does not match its MANIFEST" >&2; exit 1; }
eval "$($PY scripts/pgenv.py)"
if [ "$(psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$PGDATABASE'")" != "1" ]; then
  createdb "$PGDATABASE"
fi
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname "$PGDATABASE" "$src/database.dump"
$PY manage.py stint_files load "$src/files"
$PY manage.py migrate --noinput --verbosity 0   # a backup of an older version: bring it up to date
$PY manage.py ledger_check
echo "restore: done from $src"
