#!/usr/bin/env python
"""Latency of the skill autocomplete: the in-process search and GET /api/v1/skills through Django.

Creates a throwaway test database, imports the curated skill list and the full ESCO vocabulary
(≈14,000 skills), then times every query of a mixed list (exact words, synonyms, prefixes, typos)
many times, and the hand-written phrases of bench/data/skill_phrases.tsv typed letter by letter.
Prints p50/p95/p99 in milliseconds. ``--cpu`` times the in-process lines with the thread's CPU time
instead of the wall clock: on a shared, loaded machine the wall clock mostly measures the wait for a
core, the CPU time what the search itself costs.

    .venv/bin/python bench/skills_search.py [--rounds 20] [--cpu]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from stint.skills.sample_queries import SAMPLE_QUERIES as QUERIES  # noqa: E402


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100)
    return f"p50 {cuts[49]:6.2f} ms   p95 {cuts[94]:6.2f} ms   p99 {cuts[98]:6.2f} ms   (n={len(samples)})"


CLOCK = time.perf_counter


def _timed(search: Callable[..., Any], query: str) -> float:
    t0 = CLOCK()
    search(query, limit=10)
    return (CLOCK() - t0) * 1000


def _cold(search: Callable[..., Any], clear_memo: Callable[[], None]) -> list[float]:
    """Every query once on a fresh index: no memoised word matches."""
    samples = []
    for q in QUERIES:
        clear_memo()
        samples.append(_timed(search, q))
    return samples


def _typing(search: Callable[..., Any]) -> list[float]:
    """Every prefix of every phrase, as autocomplete sends them while the user types."""
    with (ROOT / "bench" / "data" / "skill_phrases.tsv").open(encoding="utf-8") as fh:
        phrases = [row["phrase"] for row in csv.DictReader(fh, delimiter="\t")]
    return [_timed(search, phrase[:end]) for phrase in phrases for end in range(1, len(phrase) + 1)]


def _steady(search: Callable[..., Any], rounds: int) -> tuple[list[float], list[float]]:
    """Each query ``rounds`` times, called directly and through ``GET /api/v1/skills``."""
    from django.test import Client

    client = Client()
    direct: list[float] = []
    http: list[float] = []
    for _ in range(rounds):
        for q in QUERIES:
            direct.append(_timed(search, q))
            t0 = time.perf_counter()
            response = client.get("/api/v1/skills", {"q": q, "limit": 10})
            http.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.content
    return direct, http


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="times each query is run (default 20)")
    parser.add_argument("--cpu", action="store_true", help="time the in-process search in CPU time (thread_time)")
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.thread_time

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        # local import: the models load only once django.setup() has run, just above
        from stint.skills.search import get_index
        from stint.skills.selectors import skill_search
        from stint.skills.services import skill_catalog_import
        from stint.skills.vocabulary import vocabulary_import

        started = time.perf_counter()
        result = skill_catalog_import()
        print(f"import: {result.skills_total} skills in {(time.perf_counter() - started) * 1000:.0f} ms")
        started = time.perf_counter()
        vocabulary_import()
        print(f"full vocabulary import: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        skill_search("warm up")
        print(f"index build: {(time.perf_counter() - started) * 1000:.1f} ms")
        print(f"skill_search() cold   {percentiles(_cold(skill_search, lambda: get_index()._memo.clear()))}")
        print(f"typing phrases        {percentiles(_typing(skill_search))}")
        direct, http = _steady(skill_search, args.rounds)
        print(f"skill_search()        {percentiles(direct)}")
        print(f"GET /api/v1/skills    {percentiles(http)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
