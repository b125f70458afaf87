"""HTTP throughput of the search endpoint against a real gunicorn server, as a ratio to the smallest
Django view measured on the same server in the same run. Traffic goes to 127.0.0.1 only; every
loop is bounded in time and in request count."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MAX_REQUESTS = 50_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bench/hello")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not become ready")


def load(port: int, paths: list[str], seconds: float, threads: int) -> dict[str, Any]:
    stop_at = time.monotonic() + seconds
    counts = {"ok": 0, "errors": 0}
    latencies: list[float] = []
    lock = threading.Lock()

    def worker(offset: int) -> None:
        i = offset
        while time.monotonic() < stop_at:
            with lock:
                if counts["ok"] + counts["errors"] >= MAX_REQUESTS:
                    return
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", paths[i % len(paths)])
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                conn.close()
            except OSError:
                ok = False
            with lock:
                counts["ok" if ok else "errors"] += 1
                latencies.append((time.perf_counter() - started) * 1000)
            i += 1

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(n * 7,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[int(p * (len(latencies) - 1))], 1) if latencies else 0.0

    return {
        "rps": round(counts["ok"] / elapsed, 1),
        "errors": counts["errors"],
        "requests": counts["ok"],
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
    }


def start_server(port: int, root: Path = ROOT, workers: int = 2) -> subprocess.Popen[bytes]:
    """One gunicorn server (``workers`` sync workers) on 127.0.0.1:``port`` serving ``root``'s code."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_DEBUG": "false", "PYTHONPATH": str(root)}
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdefghij")
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    return subprocess.Popen([*command, "--log-level", "warning", "config.wsgi:application"], cwd=root, env=env)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def run_http_comparison(seconds: float, queries: list[str], threads: int = 4) -> dict[str, Any]:
    port = free_port()
    server = start_server(port)
    try:
        wait_ready(port)
        load(port, ["/bench/hello"], 1, threads)  # warm up both workers
        hello = load(port, ["/bench/hello"], seconds, threads)
        paths = [f"/api/v1/search/projects?{urllib.parse.urlencode({'q': q})}" for q in queries]
        load(port, paths, 1, threads)
        search = load(port, paths, seconds, threads)
    finally:
        stop_server(server)
    return {
        "workers": 2,
        "threads": threads,
        "seconds": seconds,
        "hello": hello,
        "search": search,
        "ratio": round(search["rps"] / hello["rps"], 3) if hello["rps"] else 0,
    }


# The pages of issue 15's "Faster pages", measured side by side with the minimal view.
PAGES = {
    "hello": ["/bench/hello"],
    "api_list": ["/api/v1/projects"],
    "html_list": ["/projects/"],
    "api_search": ["/api/v1/search/projects?q=data"],
    "html_search": ["/search/?q=data"],
}


def run_pages_comparison(seconds: float, threads: int = 4, root: Path = ROOT, workers: int = 2) -> dict[str, Any]:
    """req/s and p50/p95 of every page of ``PAGES`` on one gunicorn server, and each page's ratio to
    the minimal view (``/bench/hello``) measured in the same run."""
    port = free_port()
    server = start_server(port, root, workers)
    results: dict[str, Any] = {}
    try:
        wait_ready(port, timeout=120)
        for name, paths in PAGES.items():
            load(port, paths, 1, threads)  # warm up both workers (and the listing cache)
            results[name] = load(port, paths, seconds, threads)
    finally:
        stop_server(server)
    hello = results["hello"]["rps"] or 1
    for result in results.values():
        result["ratio"] = round(result["rps"] / hello, 3)
    return {"workers": workers, "threads": threads, "seconds": seconds, "pages": results}


def main() -> None:
    """``DATABASE_URL=… python -m bench.http_load [--seconds 10] [--threads 4] [--root DIR]``: the
    pages comparison against an existing database (e.g. one imported by ``python -m bench``)."""
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--root", default=str(ROOT), help="the code to serve (another checkout, for a baseline)")
    args = parser.parse_args()
    result = run_pages_comparison(args.seconds, args.threads, Path(args.root), args.workers)
    for name, page in result["pages"].items():
        print(
            f"{name:12} {page['rps']:8.1f} req/s  p50 {page['p50_ms']:6.1f} ms  p95 {page['p95_ms']:6.1f} ms"
            f"  ratio {page['ratio']:.3f}  errors {page['errors']}",
            flush=True,
        )
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
