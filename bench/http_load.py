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
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0
    return {
        "rps": round(counts["ok"] / elapsed, 1),
        "errors": counts["errors"],
        "requests": counts["ok"],
        "p95_ms": round(p95, 1),
    }


def run_http_comparison(seconds: float, queries: list[str], threads: int = 4) -> dict[str, Any]:
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_DEBUG": "false"}
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdefghij")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_ready(port)
        load(port, ["/bench/hello"], 1, threads)  # warm up both workers
        hello = load(port, ["/bench/hello"], seconds, threads)
        paths = [f"/api/v1/search/projects?{urllib.parse.urlencode({'q': q})}" for q in queries]
        load(port, paths, 1, threads)
        search = load(port, paths, seconds, threads)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    return {
        "workers": 2,
        "threads": threads,
        "seconds": seconds,
        "hello": hello,
        "search": search,
        "ratio": round(search["rps"] / hello["rps"], 3) if hello["rps"] else 0,
    }
