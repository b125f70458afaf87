"""The race storm across two real gunicorn nodes sharing PostgreSQL, Redis and object storage:
concurrent approvals of one engagement release once; concurrent payouts with one key pay once."""

from __future__ import annotations

import uuid

import pytest
import redis

from bench.cluster_race import race
from stint.core.testing.cluster import Gunicorn
from stint.core.testing.faults import shared_database
from tests.cluster.conftest import BUCKET

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_approvals_and_payouts_spread_over_two_nodes_happen_once(tmp_path, s3_server):
    prefix = f"stint-race-{uuid.uuid4().hex[:8]}"
    with shared_database(tmp_path) as url:
        environ = {
            "DATABASE_URL": url,
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "STINT_CACHE_KEY_PREFIX": prefix,
            "STINT_S3_BUCKET": BUCKET,
            "STINT_S3_ENDPOINT_URL": s3_server.endpoint,
            "STINT_S3_ACCESS_KEY_ID": "testing",
            "STINT_S3_SECRET_ACCESS_KEY": "testing",
        }
        nodes = [
            Gunicorn(env={**environ, "STINT_VAR_DIR": str(tmp_path / f"var{n}")}, log_dir=tmp_path, threads=8)
            for n in (1, 2)
        ]
        try:
            figures = race([node.url for node in nodes], approvals=30, payouts=16)
        finally:
            for node in nodes:
                node.stop()
            client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)
    print(figures)
    assert figures["approvals"] == {200: 30}
    assert figures["engagement_status"] == "paid"
    assert figures["releases"] == 1
    assert set(figures["payouts"]) <= {201, 409} and figures["payouts"].get(201, 0) >= 1
    assert figures["payouts_made"] == 1
    assert figures["ledger_violations"] == []
