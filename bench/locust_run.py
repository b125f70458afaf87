"""The locust mix of issue 15 run headless against running web nodes, with the figures read back.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.locust_run http://127.0.0.1:8101 http://127.0.0.1:8102

Run it inside ``scripts/cluster.sh`` (``CLUSTER_RUN``), so ``DATABASE_URL`` and the storage settings
are the cluster's: the world (``bench.locust_world``) is made directly in that database. For the
first node alone, then for all the given nodes: ``/healthz`` (``Minimal``, the ceiling of the same
servers), then the mix (``Visitor``, ``Talent``, ``Owner``), each ``--seconds`` with ``--users``
simulated users and no think time (``--think 0``: the users are the concurrency, the run measures
what the servers serve; ``--think 0.5,2`` paces them like people). Prints one line per request type and a ``RESULT`` JSON line: throughput, p50, p95,
p99 per request type and for the whole mix, failures, and the mix's ratio to ``/healthz``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOCUST = Path(sys.executable).with_name("locust")
MIX = ["Visitor", "Talent", "Owner"]


def _number(value: str) -> float:
    try:
        return round(float(value), 1)
    except ValueError:
        return 0.0


def read_stats(path: Path) -> dict[str, dict[str, Any]]:
    """Locust's ``<prefix>_stats.csv``: per request name, count, failures, req/s, p50/p95/p99 (ms)."""
    rows: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": _number(row["Requests/s"]),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
            }
    return rows


def read_failures(path: Path) -> list[str]:
    """Locust's ``<prefix>_failures.csv``: "<count> × <name>: <error>" per distinct failure."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [f"{row['Occurrences']} × {row['Name']}: {row['Error'][:200]}" for row in csv.DictReader(handle)]


def run_locust(
    nodes: list[str], classes: list[str], *, world: Path, users: int, seconds: int, think: str = "0"
) -> dict[str, Any]:
    """One headless locust run; its stats by request name (``Aggregated``: the whole run)."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "run"
        env = {**os.environ, "LOCUST_NODES": ",".join(nodes), "LOCUST_WORLD": str(world), "LOCUST_THINK": think}
        env["LOCUST_COUNTS"] = str(Path(tmp) / "reads.json")
        command = [str(LOCUST), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary"]
        command += ["-u", str(users), "-r", str(users), "-t", f"{seconds}s", "--csv", str(prefix), *classes]
        subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, timeout=seconds + 120)
        stats = read_stats(Path(f"{prefix}_stats.csv"))
        total = stats.setdefault("Aggregated", {})
        total["errors"] = read_failures(Path(f"{prefix}_failures.csv"))
        reads_file = Path(env["LOCUST_COUNTS"])
        if reads_file.exists():
            reads = json.loads(reads_file.read_text(encoding="utf-8"))
            total["reads_from_replica"] = f"{reads['from_replica']} of {reads['reads']}"
        return stats


def make_world(pairs: int, approvals: int, folder: Path) -> Path:
    """A fresh world in the served database (a fresh one per run: approvals are used up)."""
    # local import: Django is set up by main() (the cluster's settings) before this runs
    from bench.locust_world import build_world

    data = build_world(pairs=pairs, approvals_per_pair=approvals)
    path = folder / f"world-{data['tag']}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def scenario(nodes: list[str], args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    world = make_world(args.pairs, args.approvals, folder)
    minimal = run_locust(nodes, ["Minimal"], world=world, users=args.users, seconds=args.seconds, think=args.think)
    mix = run_locust(nodes, MIX, world=world, users=args.users, seconds=args.seconds, think=args.think)
    ceiling = minimal.get("Aggregated", {}).get("rps") or 0
    total = mix.get("Aggregated", {})
    return {
        "nodes": nodes,
        "minimal": minimal.get("Aggregated", {}),
        "mix": total,
        "ratio_to_minimal": round(total.get("rps", 0) / ceiling, 3) if ceiling else None,
        "requests": {name: row for name, row in mix.items() if name != "Aggregated"},
    }


def print_scenario(result: dict[str, Any]) -> None:
    print(f"== {len(result['nodes'])} node(s): {', '.join(result['nodes'])}", flush=True)
    for name, row in [("/healthz", result["minimal"]), ("mix", result["mix"]), *sorted(result["requests"].items())]:
        print(
            f"{name:40} {row.get('requests', 0):6} req {row.get('rps', 0):7.1f}/s  p50 {row.get('p50_ms', 0):6.0f}"
            f"  p95 {row.get('p95_ms', 0):6.0f}  p99 {row.get('p99_ms', 0):6.0f} ms  failures {row.get('failures', 0)}",
            flush=True,
        )
    for error in result["minimal"].get("errors", []) + result["mix"].get("errors", []):
        print(f"failure: {error}", flush=True)
    print(f"GETs of the mix answered by the replica: {result['mix'].get('reads_from_replica')}", flush=True)
    print(f"mix / healthz: {result['ratio_to_minimal']}", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("nodes", nargs="+", help="web node URLs; the first alone, then all of them")
    parser.add_argument("--users", type=int, default=24)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--think", default="0", help='seconds between a user\'s requests, "low,high"; 0: none')
    parser.add_argument("--pairs", type=int, default=8, help="organizations with one hired talent each")
    parser.add_argument("--approvals", type=int, default=8, help="submitted engagements per pair")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    # local import: the models load only once django.setup() has run just above
    from stint.projects.models import Project

    nodes = [url.rstrip("/") for url in args.nodes]
    folder = ROOT / "var" / "locust"
    folder.mkdir(parents=True, exist_ok=True)
    sets = [nodes[:1], nodes] if len(nodes) > 1 else [nodes]
    results = []
    for node_set in sets:
        results.append(scenario(node_set, args, folder))
        print_scenario(results[-1])
    summary = {
        "open_projects": Project.objects.filter(status="open").count(),
        "replica": bool(os.environ.get("DATABASE_REPLICA_URL")),
        "users": args.users,
        "seconds": args.seconds,
        "think": args.think,
        "scenarios": results,
    }
    print("RESULT " + json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
