"""The production web server: gunicorn with threads, the API built at start-up, bounded database
connections, and ``check --deploy`` clean in the documented production configuration."""

from __future__ import annotations

import itertools
import json
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection

from stint.core.testing.cluster import Gunicorn
from stint.core.testing.faults import ROOT, shared_database, wait_for
from tests.test_settings import manage

WARM_UP_LINE = re.compile(r"URLconf and API built at start-up in [0-9.]+s \(pid (\d+)\)")

# The production configuration documented in docs/operations.md ("Production configuration").
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "stint.example.org",
    "STINT_SITE_URL": "https://stint.example.org",
    "STINT_HSTS_INCLUDE_SUBDOMAINS": "true",
    "STINT_HSTS_PRELOAD": "true",
    "STINT_TRUSTED_PROXIES": "10.0.0.0/8",
    "DATABASE_URL": "postgres://stint@db.internal:5432/stint",
    "DATABASE_REPLICA_URL": "postgres://stint@replica.internal:5432/stint",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_HOST": "smtp.example.org",
    "STINT_S3_BUCKET": "stint-files",
    "STINT_S3_ENDPOINT_URL": "https://s3.example.org",
    "STINT_S3_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "STINT_METRICS_TOKEN": "a-long-random-metrics-token-0123456789",
}


def test_importing_the_wsgi_module_builds_the_urlconf_and_the_api():
    code = (
        "import sys, config.wsgi; from django.urls import get_resolver; "
        "print('config.api' in sys.modules, 'stint.projects.endpoints' in sys.modules, "
        "bool(get_resolver()._populated))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True"]


def test_production_configuration_passes_check_deploy(tmp_path):
    secret_file = tmp_path / "s3-secret"
    secret_file.write_text("s3-secret-from-a-file\n")
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        STINT_S3_SECRET_ACCESS_KEY_FILE=str(secret_file),
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_same_configuration_without_tls_fails_check_deploy(tmp_path):
    environ = {**PRODUCTION_ENV, "STINT_SITE_URL": "http://stint.example.org"}
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        STINT_S3_SECRET_ACCESS_KEY="x",
        **environ,
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT


@pytest.mark.django_db(transaction=True)
def test_each_gunicorn_worker_builds_the_api_before_its_first_request(tmp_path):
    with shared_database(tmp_path) as url:
        environ = {
            "DATABASE_URL": url,
            "STINT_VAR_DIR": str(tmp_path / "var"),
            "STINT_LOG_FORMAT": "json",
            "STINT_METRICS_TOKEN": "scraper-token",
        }
        node = Gunicorn(env=environ, log_dir=tmp_path, wait=False)
        try:
            # No request has been sent: both workers log that they built the URLconf and the API.
            wait_for(lambda: len(set(WARM_UP_LINE.findall(node.log()))) == 2, what="two workers to warm up")
            node.wait_ready()
            started = time.monotonic()
            with urllib.request.urlopen(node.url + "/api/v1/projects", timeout=60) as response:
                assert response.status == 200
            print(f"first API request on a fresh worker: {time.monotonic() - started:.3f}s")
            for _ in range(10):
                urllib.request.urlopen(node.url + "/healthz", timeout=60).close()
            # /metrics merges both workers' histograms (prometheus multiprocess mode).
            scrape = urllib.request.Request(node.url + "/metrics", headers={"Authorization": "Bearer scraper-token"})
            with urllib.request.urlopen(scrape, timeout=60) as response:
                body = response.read().decode()
            count = re.search(r'stint_http_request_duration_seconds_count\{method="GET",status="2xx"\} ([0-9.]+)', body)
            assert count is not None and float(count.group(1)) >= 12, body
            assert "stint_task_queue_oldest_due_seconds" in body and "stint_ledger_check_ok 1.0" in body
            # Logs are JSON lines.
            warm = [json.loads(line) for line in node.log().splitlines() if '"stint.wsgi"' in line]
            assert len(warm) == 2 and all(entry["level"] == "INFO" for entry in warm)
        finally:
            node.stop()


# The node under test names its connections, so only its own are counted (not those of the test
# process, whose earlier tests may hold one to the same database in another thread).
NODE_APPLICATION = "stint-connection-bound-test"


def _server_connections(dbname: str) -> int:
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'"
            " AND application_name = %s",
            [dbname, NODE_APPLICATION],
        ).fetchone()
        return int(row[0]) if row else 0


def _load(url: str, *, requests: int, concurrency: int) -> list[int]:
    paths = ["/api/v1/projects", "/projects/", "/readyz?checks=database", "/api/v1/search/projects?q=data"]

    def fetch(i: int) -> int:
        try:
            with urllib.request.urlopen(url + paths[i % len(paths)], timeout=120) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(fetch, range(requests)))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("conn_max_age", ["60", "0"])
def test_database_connections_stay_bounded_by_workers_times_threads(tmp_path, conn_max_age):
    """Three bursts of 60 requests, 24 at a time, against 2 workers × 3 threads: PostgreSQL never
    sees more than 6 connections from the node. With persistent connections (60 s, gunicorn's
    default) they are reused across bursts and close when the node stops; with 0 each closes at the
    end of its request, so the count drops to 0 while the node is still up."""
    dbname = connection.settings_dict["NAME"]
    connection.close()  # the test's own connection is not the node's
    workers, threads = 2, 3
    with shared_database(tmp_path) as url:
        node = Gunicorn(
            env={
                "DATABASE_URL": f"{url}?application_name={NODE_APPLICATION}",
                "STINT_VAR_DIR": str(tmp_path / "var"),
                "STINT_DB_CONN_MAX_AGE": conn_max_age,
            },
            log_dir=tmp_path,
            workers=workers,
            threads=threads,
        )
        samples: list[int] = []
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                samples.append(_server_connections(dbname))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            for _ in range(3):
                statuses = _load(node.url, requests=60, concurrency=24)
                assert set(statuses) == {200}, statuses
        finally:
            stop.set()
            sampler.join()
        # A backend whose client has just closed its connection stays in pg_stat_activity for a
        # moment while it exits; on a loaded machine a sample can catch it next to the thread's new
        # connection. A connection the node *holds* is there in two samples in a row, so the peak is
        # taken over pairs of consecutive samples (a leak, like the 73 idle connections of issue 15,
        # persists and is still caught).
        held = [min(a, b) for a, b in itertools.pairwise(samples)] or samples
        try:
            assert max(held) >= 1  # the sampler saw the node's connections at all
            assert max(held) <= workers * threads, (max(held), max(samples), node.log())
            if conn_max_age == "0":
                wait_for(lambda: _server_connections(dbname) == 0, what="connections to close after the load")
            else:
                assert _server_connections(dbname) <= workers * threads
        finally:
            node.stop()
        wait_for(lambda: _server_connections(dbname) == 0, what="connections to close with the node")
        print(f"CONN_MAX_AGE={conn_max_age}: peak {max(held)} held connections for {workers}x{threads}")
