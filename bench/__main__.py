"""``python -m bench`` (``make bench``): every benchmark, then a summary.

For each size in ``BENCH_SIZES`` (default ``10000,100000``) and each database (SQLite always;
PostgreSQL when ``BENCH_DATABASE_URL`` is set, in databases created and dropped here), one
subprocess generates the data, imports it, measures search latency and, on SQLite, HTTP
throughput against gunicorn. Results are printed and written to ``var/bench/results.json``.
Environment: ``BENCH_SIZES``, ``BENCH_REPEAT`` (searches per scenario, default 300),
``BENCH_HTTP_SECONDS`` (per endpoint, default 10; 0 skips), ``BENCH_DATABASE_URL``, and
``BENCH_ONLY=search`` to skip the other benchmarks of this folder (skills, matching quality),
``BENCH_FRESH=1`` to ignore the cached SQLite databases of ``bench/out/`` (an imported database is
kept there, keyed by size, generator version, migrations, importer and indexer, and reused for 5
days: a second run skips generating and importing and reports the import time of the first).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
# Imported SQLite databases kept between runs (git-ignored), keyed by size and generator version.
CACHE = ROOT / "bench" / "out"
CACHE_MAX_AGE_DAYS = 5
TARGET_P95_MS = 50.0


def run_one(size: int, database_url: str, http_seconds: float, repeat: int, prebuilt: str = "") -> dict[str, Any]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
    }
    cmd = [
        sys.executable,
        "-m",
        "bench.search_bench",
        "--size",
        str(size),
        "--repeat",
        str(repeat),
        "--http-seconds",
        str(http_seconds),
        *(["--prebuilt", prebuilt] if prebuilt else []),
    ]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
            result["wall_s"] = round(time.monotonic() - started, 1)
            return result
    sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
    raise RuntimeError(f"benchmark for {size} on {database_url} failed (exit {proc.returncode})")


def _sqlite_files(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm")]


def _remove_sqlite(path: Path) -> None:
    for file in _sqlite_files(path):
        file.unlink(missing_ok=True)


def cached_database(size: int) -> tuple[Path, Path]:
    """Where the imported SQLite database of ``size`` projects is kept between runs, and its notes."""
    from bench.generate import GENERATOR_VERSION

    # Also keyed on what shapes the imported rows: the migrations, the importer and the indexer.
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("stint/*/migrations/0*.py")):
        digest.update(path.name.encode())
    for name in (
        "bench/generate.py",
        *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("stint/matching/importer/*.py")),
        "stint/matching/indexing.py",
    ):
        digest.update((ROOT / name).read_bytes())
    stem = CACHE / f"search-{size}-g{GENERATOR_VERSION}-{digest.hexdigest()[:10]}"
    return Path(f"{stem}.sqlite3"), Path(f"{stem}.json")


def usable_cache(size: int) -> Path | None:
    """The notes of a cached database that is still valid: same generator, built at most
    ``CACHE_MAX_AGE_DAYS`` ago (the generated application deadlines are at least 7 days out)."""
    if os.environ.get("BENCH_FRESH", "") not in ("", "0"):
        return None
    db, notes = cached_database(size)
    if not (db.exists() and notes.exists()):
        return None
    try:
        built_on = datetime.date.fromisoformat(json.loads(notes.read_text(encoding="utf-8"))["built_on"])
    except (ValueError, KeyError):
        return None
    return notes if (datetime.date.today() - built_on).days <= CACHE_MAX_AGE_DAYS else None


def store_cache(size: int, db_path: Path, result: dict[str, Any]) -> None:
    """Keep the freshly imported database (the subprocess closed it, so the WAL is checkpointed)."""
    db, notes = cached_database(size)
    _remove_sqlite(db)
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copyfile(db_path, db)
    keep = ("generate_s", "import_s", "imported", "skipped", "reimport_s", "reimport_updated", "reimport_unchanged")
    notes.write_text(
        json.dumps({"built_on": datetime.date.today().isoformat(), **{k: result.get(k) for k in keep}}),
        encoding="utf-8",
    )


def run_sqlite(size: int, http_seconds: float, repeat: int) -> dict[str, Any]:
    """One SQLite run on a working copy: of the cached database when usable, else a fresh import
    (which then becomes the cache)."""
    db_path = OUT / f"bench-{size}.sqlite3"
    _remove_sqlite(db_path)
    notes = usable_cache(size)
    try:
        if notes is not None:
            print(f"bench: SQLite, {size} projects (imported database cached in {CACHE}) …", flush=True)
            shutil.copyfile(cached_database(size)[0], db_path)
            return run_one(size, f"sqlite:///{db_path}", http_seconds, repeat, prebuilt=str(notes))
        print(f"bench: SQLite, {size} projects (generate and import) …", flush=True)
        result = run_one(size, f"sqlite:///{db_path}", http_seconds, repeat)
        store_cache(size, db_path, result)
        return result
    finally:
        _remove_sqlite(db_path)


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def summarise(results: list[dict[str, Any]]) -> str:
    lines = ["", "Search latency (ms, in-process search_projects_page: query + facets + page of projects)", ""]
    header = (
        f"{'engine':8} {'size':>7} {'scenario':16} {'p50':>8} {'p95':>8} {'p99':>8}  target p95<{TARGET_P95_MS:.0f}"
    )
    lines.append(header)
    for r in results:
        for name, stats in r["latency_ms"].items():
            ok = "ok" if stats["p95"] < TARGET_P95_MS else f"missed by {stats['p95'] - TARGET_P95_MS:.1f}"
            lines.append(
                f"{r['engine']:8} {r['size']:>7} {name:16} {stats['p50']:>8} {stats['p95']:>8} {stats['p99']:>8}  {ok}"
            )
    lines += ["", "Import (s)", ""]
    for r in results:
        lines.append(
            f"{r['engine']:8} {r['size']:>7} import {r['import_s']}s, re-import (idempotent) {r['reimport_s']}s, "
            f"{r['indexed']} indexed, {r['skipped']} skipped"
        )
    http = [r for r in results if r.get("http")]
    if http:
        lines += ["", "HTTP throughput (gunicorn, 2 workers, 127.0.0.1)", ""]
        for r in http:
            h = r["http"]
            lines.append(
                f"{r['engine']:8} {r['size']:>7} search {h['search']['rps']} req/s (p95 {h['search']['p95_ms']} ms) vs "
                f"minimal view {h['hello']['rps']} req/s → ratio {h['ratio']} ({h['threads']} client threads, {h['seconds']}s each)"
            )
    return "\n".join(lines)


# Other benchmarks in this folder (owned by other parts of the app), run as scripts when present.
OTHER_BENCHMARKS = (
    "skills_search.py",
    "skill_phrases.py",
    "matching_eval.py",
    "matching_quality.py",
    "login_time.py",
    "page_sizes.py",
)


def run_others() -> list[str]:
    summaries = []
    for name in OTHER_BENCHMARKS:
        path = ROOT / "bench" / name
        if not path.exists():
            continue
        print(f"bench: {name} …", flush=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.run(
            [sys.executable, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False
        )
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
        summaries.append(f"\n{name} (exit {proc.returncode})\n\n{tail}")
    return summaries


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",") if s.strip()]
    repeat = int(os.environ.get("BENCH_REPEAT", "300"))
    http_seconds = float(os.environ.get("BENCH_HTTP_SECONDS", "10"))
    pg_url = os.environ.get("BENCH_DATABASE_URL", "")
    OUT.mkdir(parents=True, exist_ok=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    results = []
    for size in sizes:
        results.append(run_sqlite(size, http_seconds, repeat))
        if pg_url:
            name = f"stint_bench_{size}_{os.getpid()}"
            url = urllib.parse.urlunsplit(urllib.parse.urlsplit(pg_url)._replace(path=f"/{name}"))
            print(f"bench: PostgreSQL, {size} projects …", flush=True)
            _pg_admin(pg_url, f'CREATE DATABASE "{name}"')
            try:
                results.append(run_one(size, url, 0, repeat))
            finally:
                _pg_admin(pg_url, f'DROP DATABASE IF EXISTS "{name}"')
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    others = run_others() if os.environ.get("BENCH_ONLY", "") != "search" else []
    print(summarise(results))
    for summary in others:
        print(summary)


if __name__ == "__main__":
    main()
