"""A scratch database for the benchmarks that build their own market (matching_quality,
matching_eval, matching_fit): SQLite in a temporary folder, or a fresh PostgreSQL database on the
server of ``BENCH_DATABASE_URL``, migrated and loaded with the skills taxonomy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pg_admin(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def scratch_database_url(tmpdir: str) -> tuple[str, str | None]:
    """A scratch database: SQLite in ``tmpdir``, or a new PostgreSQL database on the server of
    ``BENCH_DATABASE_URL`` (created here, dropped by ``run``), never the database it names."""
    pg_url = os.environ.get("BENCH_DATABASE_URL", "")
    if not pg_url:
        return f"sqlite:///{tmpdir}/matching_bench.sqlite3", None
    import urllib.parse

    name = f"stint_matching_bench_{os.getpid()}"
    pg_admin(pg_url, f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(pg_url)._replace(path=f"/{name}")), name


def setup_django(url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("import_skills", verbosity=0)
