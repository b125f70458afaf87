"""The resilient worker and scheduler, in-process (the subprocess fault tests are in
test_worker_faults.py): a lost database connection is logged and survived, never fatal."""

from __future__ import annotations

import datetime
import types
import uuid

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.tasks.base import TaskResultStatus
from django.test import override_settings
from django.utils import timezone

from stint.core.heartbeat import heartbeat_beat, heartbeat_prune
from stint.core.models import ProcessHeartbeat
from stint.core.tests import tasks_for_tests as t

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    """close_old_connections() would drop the test transaction's connection on PostgreSQL."""
    import django_tasks_db.management.commands.db_worker as db_worker

    import stint.core.management.commands.run_scheduler as run_scheduler

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)


@override_settings(TASKS=DB_TASKS)
def test_worker_survives_a_lost_connection_while_claiming_and_runs_the_task(monkeypatch):
    from django_tasks_db.models import DBTaskResultQuerySet

    import stint.core.worker as worker_module

    key = uuid.uuid4().hex
    result = t.counts.enqueue(key)
    real_get_locked = DBTaskResultQuerySet.get_locked
    failures = {"left": 1}

    def get_locked(self):
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return real_get_locked(self)

    dropped: list[int] = []
    pauses: list[float] = []
    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)

    def drop_broken_connections() -> int:
        dropped.append(1)
        return 0

    monkeypatch.setattr(worker_module, "drop_broken_connections", drop_broken_connections)
    monkeypatch.setattr(worker_module, "time", types.SimpleNamespace(sleep=pauses.append, monotonic=lambda: 0.0))

    call_command("stint_worker", "--batch", "--interval", "0", "--no-startup-delay", "--heartbeat-seconds", "0")

    assert t.CALLS[key] == 1
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert dropped == [1] and len(pauses) == 1


@override_settings(TASKS=DB_TASKS)
def test_the_plain_db_worker_dies_on_the_same_fault(monkeypatch):
    """What stint_worker fixes: django-tasks-db's own worker lets the error end the process."""
    from django_tasks_db.models import DBTaskResultQuerySet

    t.counts.enqueue(uuid.uuid4().hex)

    def get_locked(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    with pytest.raises(OperationalError):
        call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


def test_scheduler_keeps_running_when_a_pass_fails_on_the_database(monkeypatch):
    import stint.core.management.commands.run_scheduler as run_scheduler

    class Stop(Exception):
        pass

    passes, sleeps = [], []

    def tick():
        passes.append(1)
        if len(passes) == 1:
            raise OperationalError("terminating connection due to administrator command")
        return []

    def sleep(seconds):
        sleeps.append(seconds)
        assert ProcessHeartbeat.objects.filter(kind="scheduler").count() == 1  # alive while it runs
        if len(sleeps) == 2:
            raise Stop

    monkeypatch.setattr(run_scheduler, "tick", tick)
    monkeypatch.setattr(run_scheduler, "time", types.SimpleNamespace(sleep=sleep))
    with pytest.raises(Stop):
        call_command("run_scheduler", "--interval", "1")
    assert len(passes) == 2
    assert not ProcessHeartbeat.objects.exists()  # removed when it stopped


def test_heartbeats_update_one_row_per_process_and_long_dead_ones_are_pruned():
    started = timezone.now()
    assert heartbeat_beat(name="w1", kind="worker", started_at=started)
    assert heartbeat_beat(name="w1", kind="worker", started_at=started)
    assert ProcessHeartbeat.objects.count() == 1
    ProcessHeartbeat.objects.filter(name="w1").update(last_seen_at=started - datetime.timedelta(days=2))
    heartbeat_beat(name="w2", kind="worker", started_at=started)
    assert heartbeat_prune() == 1
    assert list(ProcessHeartbeat.objects.values_list("name", flat=True)) == ["w2"]
