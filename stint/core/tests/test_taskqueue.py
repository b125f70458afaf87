from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.management import call_command
from django.tasks.base import TaskResultStatus
from django.test import override_settings
from django.utils import timezone

from stint.core import scheduler
from stint.core.models import AuditEvent, FailedTask, ScheduledJob
from stint.core.taskqueue import backoff_seconds, failed_task_retry, reap_stuck_tasks
from stint.core.tests import tasks_for_tests as t

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _keep_test_connection(monkeypatch):
    """The worker and the scheduler call close_old_connections(); inside a test transaction that
    would drop the connection on PostgreSQL (autocommit is off), so make it a no-op here."""
    import django_tasks_db.management.commands.db_worker as db_worker

    import stint.core.management.commands.run_scheduler as run_scheduler

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(run_scheduler, "close_old_connections", lambda: None)


def key() -> str:
    return uuid.uuid4().hex


def run_db_worker() -> None:
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)


def test_backoff_doubles_and_is_capped():
    assert [backoff_seconds(n, base=30) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_seconds(20, base=30) == 3600


def test_task_that_fails_twice_then_succeeds_runs_three_times_with_immediate_backend():
    k = key()
    t.flaky.enqueue(k, 2)
    assert t.CALLS[k] == 3
    assert not FailedTask.objects.exists()


@override_settings(TASKS=DB_TASKS, TASK_RETRY_BASE_SECONDS=30)
def test_database_backend_defers_each_retry_by_the_backoff():
    from django_tasks_db.models import DBTaskResult

    k = key()
    t.flaky.enqueue(k, 2)
    before = timezone.now()
    run_db_worker()
    assert t.CALLS[k] == 1
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["_stint_attempt"] == 2
    assert before + datetime.timedelta(seconds=29) <= retry.run_after <= timezone.now() + datetime.timedelta(seconds=31)

    run_db_worker()  # not due yet: nothing runs
    assert t.CALLS[k] == 1

    # Time passes: make it due, the second attempt fails and is deferred by twice the base.
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    before = timezone.now()
    run_db_worker()
    assert t.CALLS[k] == 2
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"]["_stint_attempt"] == 3
    assert retry.run_after >= before + datetime.timedelta(seconds=59)

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    run_db_worker()
    assert t.CALLS[k] == 3
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 2
    assert not FailedTask.objects.exists()


def test_last_failed_attempt_leaves_a_visible_failed_task_and_readyz_reports_it(client):
    k = key()
    t.always_fails.enqueue(k)
    assert t.CALLS[k] == 3
    failed = FailedTask.objects.get()
    assert failed.task_path == "stint.core.tests.tasks_for_tests.always_fails"
    assert failed.attempts == 3
    assert failed.args == [k]
    assert "ValueError: this task always fails" in failed.error
    assert "Traceback" in failed.traceback
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["failed_tasks"] == {"status": "fail", "count": 1, "max": 0}


def test_retrying_a_failed_task_enqueues_it_once_and_resolves_it(personas):
    k = key()
    t.always_fails.enqueue(k)
    failed = FailedTask.objects.get()
    assert failed_task_retry(failed, actor=personas.staff) is True
    assert t.CALLS[k] == 6  # three fresh attempts
    failed.refresh_from_db()
    assert failed.resolved_at is not None
    assert failed_task_retry(failed, actor=personas.staff) is False  # already resolved
    assert t.CALLS[k] == 6
    assert AuditEvent.objects.filter(code="task.retried").count() == 1


def test_staff_retries_a_failed_task_from_the_admin(client, personas):
    k = key()
    t.flaky.enqueue(k, 99)  # five attempts, all fail
    failed = FailedTask.objects.get()
    t.CALLS[k] = 1000  # the outage is over: the next call succeeds
    client.force_login(personas.staff)
    response = client.post(
        "/admin/core/failedtask/",
        {"action": "retry_selected", "_selected_action": [str(failed.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Re-queued 1 task(s)." in response.content.decode()
    failed.refresh_from_db()
    assert failed.resolved_at is not None
    assert client.get("/readyz").json()["checks"]["failed_tasks"]["count"] == 0
    assert t.CALLS[k] == 1001


@override_settings(TASKS=DB_TASKS, TASK_STUCK_AFTER_SECONDS=600)
def test_reaper_requeues_tasks_stuck_in_running_and_leaves_fresh_ones():
    from django_tasks_db.models import DBTaskResult

    stuck_result = t.counts.enqueue(key())
    fresh_result = t.counts.enqueue(key())
    now = timezone.now()
    DBTaskResult.objects.filter(pk=stuck_result.id).update(
        status=TaskResultStatus.RUNNING, started_at=now - datetime.timedelta(seconds=601), worker_ids=["dead"]
    )
    DBTaskResult.objects.filter(pk=fresh_result.id).update(
        status=TaskResultStatus.RUNNING, started_at=now - datetime.timedelta(seconds=30), worker_ids=["alive"]
    )
    assert reap_stuck_tasks() == 1
    stuck = DBTaskResult.objects.get(pk=stuck_result.id)
    fresh = DBTaskResult.objects.get(pk=fresh_result.id)
    assert stuck.status == TaskResultStatus.READY and stuck.started_at is None
    assert fresh.status == TaskResultStatus.RUNNING
    assert reap_stuck_tasks() == 0  # nothing left to reap

    # The re-queued task runs again on the next worker pass.
    k = stuck.args_kwargs["args"][0]
    run_db_worker()
    assert t.CALLS[k] == 1
    assert DBTaskResult.objects.get(pk=stuck_result.id).status == TaskResultStatus.SUCCESSFUL


def test_reaper_does_nothing_with_the_immediate_backend():
    assert reap_stuck_tasks() == 0


def test_claim_run_runs_a_job_once_per_period_even_when_called_twice():
    job = scheduler.PeriodicJob("test.job", t.counts, every_seconds=60)
    now = timezone.now()
    assert scheduler.claim_run(job, now) is True
    assert scheduler.claim_run(job, now) is False
    assert scheduler.claim_run(job, now + datetime.timedelta(seconds=30)) is False
    assert scheduler.claim_run(job, now + datetime.timedelta(seconds=61)) is True
    assert scheduler.claim_run(job, now + datetime.timedelta(seconds=62)) is False
    assert ScheduledJob.objects.get(name="test.job").last_run_at == now + datetime.timedelta(seconds=61)


def test_claim_run_loses_when_another_scheduler_claimed_first(monkeypatch):
    job = scheduler.PeriodicJob("test.race", t.counts, every_seconds=60)
    start = timezone.now() - datetime.timedelta(hours=1)
    ScheduledJob.objects.create(name=job.name, last_run_at=start)
    # Another scheduler updates the row between our read and our conditional update.
    ScheduledJob.objects.filter(name=job.name).update(last_run_at=timezone.now())
    assert scheduler.claim_run(job) is False


def test_run_scheduler_once_enqueues_due_jobs_once(monkeypatch):
    k = key()
    monkeypatch.setattr(scheduler, "REGISTRY", {})
    monkeypatch.setattr(scheduler, "autodiscover", lambda: None)
    scheduler.register_periodic("test.counts", t.counts, every_seconds=3600)
    # The registry holds the task; bind the argument through a thin wrapper task.
    monkeypatch.setitem(
        scheduler.REGISTRY, "test.counts", scheduler.PeriodicJob("test.counts", _BoundTask(t.counts, k), 3600)
    )
    call_command("run_scheduler", "--once")
    call_command("run_scheduler", "--once")
    assert t.CALLS[k] == 1
    assert ScheduledJob.objects.filter(name="test.counts").exists()


def test_every_registered_periodic_job_is_a_task():
    scheduler.autodiscover()
    assert "core.reap_stuck_tasks" in scheduler.REGISTRY
    for job in scheduler.REGISTRY.values():
        assert hasattr(job.task, "enqueue"), job.name
        assert job.every_seconds > 0


class _BoundTask:
    def __init__(self, task, *args):
        self.task, self.args = task, args

    def enqueue(self):
        return self.task.enqueue(*self.args)
