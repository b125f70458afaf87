"""/readyz tells the truth (issue 9: it said ok with no worker alive, with tasks failed for good and
with Redis down): each check has its own status, and any failure is a 503."""

from __future__ import annotations

import datetime

import pytest
from django.db import OperationalError
from django.utils import timezone

from stint.core.models import FailedTask, ProcessHeartbeat
from stint.core.tests import tasks_for_tests as t

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS
    return settings


def alive(kind: str, name: str = "", seconds_ago: float = 1) -> ProcessHeartbeat:
    at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    return ProcessHeartbeat.objects.create(
        name=name or f"{kind}-1", kind=kind, hostname="h", pid=1, started_at=at, last_seen_at=at
    )


def readyz(client, **params):
    response = client.get("/readyz", params)
    return response.status_code, response.json()


def test_all_checks_pass_with_the_immediate_backend(client):
    status, body = readyz(client)
    assert status == 200 and body["status"] == "ok"
    assert body["checks"]["database"] == {"status": "ok"}
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["failed_tasks"] == {"status": "ok", "count": 0, "max": 0}
    for name in ("queue", "workers", "scheduler"):
        assert body["checks"][name]["status"] == "skipped"
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_database_that_does_not_answer_is_503(client, monkeypatch):
    import stint.core.readiness as readiness

    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setitem(readiness.CHECKS, "database", broken)
    status, body = readyz(client)
    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["database"] == {"status": "fail", "error": "OperationalError"}


def test_redis_down_is_503_with_the_cache_check_failing(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "stint.core.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["cache"] == {"status": "fail", "error": "ConnectionError"}
    assert body["checks"]["database"]["status"] == "ok"


def test_tasks_failed_for_good_are_503_above_the_threshold(client, settings):
    FailedTask.objects.create(task_path="x.y", attempts=5, error="boom")
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["failed_tasks"] == {"status": "fail", "count": 1, "max": 0}
    settings.READY_MAX_FAILED_TASKS = 1
    assert readyz(client)[0] == 200
    FailedTask.objects.update(resolved_at=timezone.now())
    settings.READY_MAX_FAILED_TASKS = 0
    assert readyz(client)[0] == 200


def test_no_live_worker_is_503(client, db_tasks):
    alive("scheduler")
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["workers"]["status"] == "fail" and body["checks"]["workers"]["alive"] == 0

    dead = alive("worker", "dead-worker", seconds_ago=db_tasks.READY_HEARTBEAT_STALE_SECONDS + 5)
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["workers"]["last_seen_seconds_ago"] >= db_tasks.READY_HEARTBEAT_STALE_SECONDS

    alive("worker", "live-worker")
    status, body = readyz(client)
    assert status == 200, body
    assert body["checks"]["workers"]["alive"] == 1
    dead.delete()


def test_no_live_scheduler_is_503(client, db_tasks):
    alive("worker")
    status, body = readyz(client)
    assert status == 503 and body["checks"]["scheduler"]["status"] == "fail"
    alive("scheduler")
    assert readyz(client)[0] == 200


def test_queue_lag_above_the_threshold_is_503(client, db_tasks):
    from django_tasks_db.models import DBTaskResult

    alive("worker")
    alive("scheduler")
    waiting = t.counts.enqueue("lag")
    status, body = readyz(client)
    assert status == 200 and body["checks"]["queue"]["ready"] == 1
    assert body["checks"]["queue"]["oldest_due_seconds"] < db_tasks.READY_MAX_QUEUE_LAG_SECONDS

    # A retry deferred to later is not late, whatever its age.
    t.counts.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue("later")
    DBTaskResult.objects.exclude(pk=waiting.id).update(enqueued_at=timezone.now() - datetime.timedelta(hours=2))
    assert readyz(client)[0] == 200

    # The task nobody ran for ten minutes is.
    DBTaskResult.objects.filter(pk=waiting.id).update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    status, body = readyz(client)
    assert status == 503
    assert body["checks"]["queue"]["status"] == "fail"
    assert body["checks"]["queue"]["oldest_due_seconds"] >= 600


def test_only_the_requested_checks_run(client, db_tasks):
    FailedTask.objects.create(task_path="x.y", attempts=5, error="boom")
    status, body = readyz(client, checks="database,cache")
    assert status == 200 and set(body["checks"]) == {"database", "cache"}
    response = client.get("/readyz", {"checks": "database,nonsense"})
    assert response.status_code == 400 and response.json()["unknown_checks"] == ["nonsense"]
