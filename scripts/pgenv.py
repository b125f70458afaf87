"""Print libpq's environment variables for DATABASE_URL as shell assignments (backup/restore)."""

from __future__ import annotations

import os
import shlex
import sys

import dj_database_url

url = os.environ.get("DATABASE_URL", "")
if not url.startswith(("postgres://", "postgresql://")):
    sys.exit("DATABASE_URL must point at PostgreSQL for backups (SQLite: copy the file with sqlite3 .backup)")
config = dj_database_url.parse(url)
values = {
    "PGHOST": config.get("HOST") or "127.0.0.1",
    "PGPORT": str(config.get("PORT") or 5432),
    "PGUSER": config.get("USER") or "postgres",
    "PGPASSWORD": config.get("PASSWORD") or "",
    "PGDATABASE": config["NAME"],
}
for name, value in values.items():
    print(f"export {name}={shlex.quote(value)}")
