"""A read-mostly load over one or more web nodes (round-robin client), with a minimal view beside it.

    .venv/bin/python -m bench.cluster_load http://127.0.0.1:8101 [http://127.0.0.1:8102 …]

For ``BENCH_SECONDS`` (default 20) per scenario, ``BENCH_CONNECTIONS`` (default 8) threads send
requests round-robin over the nodes: first ``/healthz`` (the smallest Django view: the ceiling of
the same servers), then a browse/search/project-page mix (``/projects/``, ``/api/v1/projects``,
``/search/?q=data``, ``/api/v1/search/projects?q=data``, a project page). Prints requests per second,
p50/p95/p99 in milliseconds, the mix's ratio to ``/healthz``, non-2xx answers, and how many answers
were read from the replica (``X-Stint-Read-From``). Traffic goes to the given URLs only.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
from typing import Any

MAX_REQUESTS = 200_000


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _project_paths(node: str) -> list[str]:
    parsed = urllib.parse.urlparse(node)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    conn.request("GET", "/api/v1/projects?page_size=20")
    body = json.loads(conn.getresponse().read() or b"{}")
    return [f"/api/v1/projects/{item['id']}" for item in body.get("items", [])[:20]]


def run(nodes: list[str], paths: list[str], *, seconds: float, connections: int) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    replica_reads = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = [0]

    def worker(index: int) -> None:
        conns: dict[str, http.client.HTTPConnection] = {}
        local: list[float] = []
        n = index
        while time.monotonic() < deadline:
            with lock:
                if counter[0] >= MAX_REQUESTS:
                    break
                counter[0] += 1
            node = nodes[n % len(nodes)]
            path = paths[n % len(paths)]
            n += 1
            conn = conns.get(node)
            if conn is None:
                parsed = urllib.parse.urlparse(node)
                conn = conns[node] = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
                from_replica = response.getheader("X-Stint-Read-From") == "replica"
            except (OSError, http.client.HTTPException):
                conn.close()
                conns.pop(node, None)
                status, from_replica = 599, False
            local.append(time.perf_counter() - started)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                replica_reads[0] += from_replica
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "statuses": statuses,
        "replica_reads": replica_reads[0],
    }


def main(argv: list[str]) -> int:
    nodes = [url.rstrip("/") for url in argv]
    if not nodes:
        print(__doc__)
        return 2
    seconds = float(os.environ.get("BENCH_SECONDS", "20"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "8"))
    mix = ["/projects/", "/api/v1/projects", "/search/?q=data", "/api/v1/search/projects?q=data"]
    mix += _project_paths(nodes[0])[:4]
    minimal = run(nodes, ["/healthz"], seconds=seconds, connections=connections)
    browse = run(nodes, mix, seconds=seconds, connections=connections)
    browse["ratio_to_minimal"] = round(browse["rps"] / minimal["rps"], 3) if minimal["rps"] else None
    print(json.dumps({"nodes": nodes, "connections": connections, "minimal": minimal, "mix": browse}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
