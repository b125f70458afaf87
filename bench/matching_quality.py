"""Matching quality and recommendation latency (docs/matching.md).

    .venv/bin/python -m bench.matching_quality                 # quality + latency at 10k and 100k
    .venv/bin/python -m bench.matching_quality --quality-only
    .venv/bin/python -m bench.matching_quality --sizes 10000   # latency sizes
    .venv/bin/python -m bench.matching_quality --compare-transformer   # also score with full MiniLM (slow)
    BENCH_DATABASE_URL=postgres://… .venv/bin/python -m bench.matching_quality

Quality: a synthetic benchmark built from ESCO (``data/skills/esco/``). The ESCO CSVs shipped here
carry only a concept URI and a merged text per occupation and skill, with neither the
occupation→skill relations nor ISCO codes, so the benchmark derives them, lexically (never with the
embedding model under test):

* each occupation's preferred label and definition are split out of its merged text;
* its skills are the Stint skills (``data/skills/stint_skills.csv``) most similar to its text by
  BM25 over label, synonyms, ESCO label and definition; occupations with fewer than 5 such skills
  are dropped, and the most "Stint-like" ones are sampled;
* its group (standing in for the ISCO group) is the Stint category most of its skills belong to.

A talent aims at one occupation (target role = its label, goal "I want to become a …", interest =
its group) and has 3 of its skills; each occupation gets projects whose title names one of its
skills, whose summary is a sentence of its definition with the occupation's name removed ("You
will …"), whose description holds its skills' definitions, with 3–4 of its skills. Pay, hours,
dates and freshness are drawn independently of the occupation. Relevance: same occupation 2, same
group 1, else 0. Reported: nDCG@10 and recall@20 (of the relevance-2 projects) for the full
matcher (``recommend_projects_for_talent``, through the database) and for a keyword-only BM25
baseline over the same projects, with the talent's goal, role, interests and skill labels as query.

Latency: ``recommend_projects_for_talent`` p50/p95/p99 at 10,000 and 100,000 open projects created
with ``bulk_create`` in a scratch SQLite database (PostgreSQL when ``BENCH_DATABASE_URL`` is set).

``run(argv)`` returns the results as a dict; ``main()`` prints a report and a ``RESULT {json}`` line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from typing import Any

from bench.matching_corpus import ROOT

# --- Database -------------------------------------------------------------------------------------


def _pg_admin(url: str, statement: str) -> None:
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
    _pg_admin(pg_url, f'CREATE DATABASE "{name}"')
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


def run(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(
        prog="python -m bench.matching_quality", description="Matching quality and latency"
    )
    parser.add_argument("--occupations", type=int, default=120)
    parser.add_argument("--projects-per-occupation", type=int, default=6)
    parser.add_argument("--talent-per-occupation", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--latency-only", action="store_true")
    parser.add_argument("--compare-transformer", action="store_true")
    parser.add_argument("--weights", type=json.loads, default=None, help='override, e.g. {"semantic": 0.5}')
    args = parser.parse_args(argv)
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url, pg_name = scratch_database_url(tmp)
        try:
            _run_in(url, args, result)
        finally:
            if pg_name:
                from django.db import connections

                connections.close_all()
                _pg_admin(os.environ["BENCH_DATABASE_URL"], f'DROP DATABASE IF EXISTS "{pg_name}"')
    return result


def _run_in(url: str, args: argparse.Namespace, result: dict[str, Any]) -> None:
    setup_django(url)
    from django.db import connection

    from bench import matching_runs as runs  # it imports the models: only once Django is set up

    result["engine"] = connection.vendor
    if args.weights:
        result["weights"] = runs.set_weights(args.weights)
    if not args.latency_only:
        started = time.perf_counter()
        result["quality"] = runs.quality(args, random.Random(args.seed))
        result["quality"]["seconds"] = round(time.perf_counter() - started, 1)
        print(f"  quality (static model) {json.dumps(result['quality'])}", flush=True)
        if args.compare_transformer:
            runs.reset_embeddings()
            runs.use_transformer()
            started = time.perf_counter()
            result["quality_transformer"] = runs.quality(args, random.Random(args.seed))
            result["quality_transformer"]["seconds"] = round(time.perf_counter() - started, 1)
            print(f"  quality (full MiniLM) {json.dumps(result['quality_transformer'])}", flush=True)
            return
    if not args.quality_only:
        result["latency"] = runs.latency(args, random.Random(args.seed + 1))


def main(argv: list[str] | None = None) -> None:
    result = run(argv)
    q = result.get("quality")
    if q:
        print(
            f"matching quality ({q['occupations']} occupations, {q['projects']} projects, {q['talent']} talent): "
            f"full nDCG@10 {q['full']['ndcg10']:.3f} recall@20 {q['full']['recall20']:.3f}; "
            f"keyword nDCG@10 {q['keyword']['ndcg10']:.3f} recall@20 {q['keyword']['recall20']:.3f}; "
            f"lift {q['ndcg10_lift']:+.1%} (target +15%: {'met' if q['target_met'] else 'MISSED'})"
        )
    for row in result.get("latency", []):
        print(
            f"recommendations {row['engine']} {row['open_projects']:>7} open projects: "
            f"p50 {row['p50']} ms, p95 {row['p95']} ms, p99 {row['p99']} ms"
        )
    print("RESULT " + json.dumps(result, default=str))


if __name__ == "__main__":
    main()
