"""One benchmark run on one fresh database: generate N projects, import them, measure search.

Run by ``python -m bench`` in a subprocess per (database, size), because Django's settings are
fixed per process. Prints one JSON line (prefixed ``RESULT ``) with the measurements.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.generate import RARE_WORDS, WORDS, generate

ROOT = Path(__file__).resolve().parent.parent


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {
        "p50": round(pct(50), 2),
        "p95": round(pct(95), 2),
        "p99": round(pct(99), 2),
        "mean": round(statistics.fmean(ordered), 2),
        "n": len(ordered),
    }


def measure(fn: Any, params_list: list[dict[str, Any]], repeat: int) -> dict[str, float]:
    for params in params_list[:5]:
        fn(params=params)  # warm up caches and connections (services take keywords)
    samples = []
    for i in range(repeat):
        params = params_list[i % len(params_list)]
        started = time.perf_counter()
        fn(params=params)
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def import_into_fresh_database(size: int, result: dict[str, Any], generate: Any, import_marketplace: Any) -> None:
    """Generate ``size`` projects as JSON lines and import them twice (the second run is a no-op)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.jsonl"
        started = time.perf_counter()
        generate(path, size)
        result["generate_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        with open(path, encoding="utf-8") as handle:
            report = import_marketplace(handle)
        result["import_s"] = round(time.perf_counter() - started, 1)
        result["imported"] = report.created["project"] + report.updated["project"]
        result["skipped"] = len(report.skipped)
        started = time.perf_counter()
        with open(path, encoding="utf-8") as handle:
            again = import_marketplace(handle)
        result["reimport_s"] = round(time.perf_counter() - started, 1)
        result["reimport_updated"] = again.updated["project"]
        result["reimport_unchanged"] = again.unchanged["project"]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--http-seconds", type=float, default=0)
    parser.add_argument(
        "--prebuilt",
        default="",
        help="JSON file describing how the (cached) database was built: skip generating and importing",
    )
    return parser.parse_args()


def _report_prebuilt(path: str, result: dict[str, Any]) -> None:
    """A database file cached by ``python -m bench`` (same size and generator version, built
    recently enough that no deadline has passed): report how long its import took then."""
    built = json.loads(Path(path).read_text(encoding="utf-8"))
    for key in ("generate_s", "import_s", "imported", "skipped", "reimport_s", "reimport_updated"):
        result[key] = built.get(key)
    result["reimport_unchanged"] = built.get("reimport_unchanged")
    result["cached_from"] = built.get("built_on")


def _analyze(connection: Any) -> None:
    """Fresh planner statistics after the import."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE matching_projectsearchdocument")


def query_sets() -> dict[str, list[dict[str, Any]]]:
    """The searches measured, by name: common and rare words, two words, prefixes, with filters."""
    rng = random.Random(3)
    return {
        "common": [{"q": w} for w in WORDS[:8]],
        "rare": [{"q": w} for w in RARE_WORDS],
        "two_words": [{"q": f"{rng.choice(WORDS[:20])} {rng.choice(WORDS[:40])}"} for _ in range(20)],
        "prefix": [{"q": w[:3]} for w in WORDS[:8]],
        "common_filtered": [
            {"q": w, "category": "data-analysis", "max_hours": "20", "min_hourly_rate": "3000", "verified_only": "on"}
            for w in WORDS[:8]
        ],
        "browse_filtered": [
            {"category": "marketing", "sort": "closing"},
            {"max_hours": "10", "sort": "rate"},
            {"verified_only": "on"},
            {},
        ],
    }


def main() -> None:
    args = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # local import: Django's settings are fixed per process, and set up just above
    from stint.matching.importer import import_marketplace
    from stint.matching.models import ProjectSearchDocument
    from stint.matching.services import search_projects_page

    result: dict[str, Any] = {"size": args.size, "engine": connection.vendor}
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result["migrate_s"] = round(time.perf_counter() - started, 1)
    if args.prebuilt:
        _report_prebuilt(args.prebuilt, result)
    else:
        import_into_fresh_database(args.size, result, generate, import_marketplace)
    result["indexed"] = ProjectSearchDocument.objects.count()
    _analyze(connection)
    # The engine's own latency: the listing cache (docs/search.md) would answer the repeated searches.
    settings.STINT_SEARCH_FACET_CACHE_SECONDS = 0
    queries = query_sets()
    result["latency_ms"] = {
        name: measure(search_projects_page, params, args.repeat) for name, params in queries.items()
    }
    connection.close()

    if args.http_seconds:
        from bench.http_load import run_http_comparison

        result["http"] = run_http_comparison(args.http_seconds, [p["q"] for p in queries["common"] + queries["rare"]])
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
