"""Fault tests of the task worker, with a real ``stint_worker`` subprocess.

Issue 9: ``db_worker`` died when PostgreSQL terminated its connection while a task ran (dead at
the 2nd of 4 terminations, 232 tasks piled up). The worker must survive it: record the failure,
enqueue the task's retry on a new connection, and run the next task.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.tasks.base import TaskResultStatus

from stint.core.models import ProcessHeartbeat
from stint.core.testing.faults import shared_database, start_worker, wait_for
from stint.core.tests import tasks_for_tests as t

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS
    return settings


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_survives_four_terminations_of_its_connection_and_runs_the_next_task(db_tasks, tmp_path):
    from django_tasks_db.models import DBTaskResult

    markers = tmp_path / "markers"
    markers.mkdir()
    with shared_database(tmp_path) as database_url:
        # Retries are deferred by an hour, so the terminated tasks do not run again during the test.
        worker = start_worker(
            database_url=database_url,
            log_dir=tmp_path / "logs",
            env={"STINT_TASK_RETRY_BASE_SECONDS": "3600", "STINT_WORKER_HEARTBEAT_SECONDS": "1"},
        )
        try:
            for round_ in range(1, 5):
                t.hold_database_connection.enqueue(str(markers), f"held-{round_}")
                pid_file = markers / f"held-{round_}.pid"
                wait_for(lambda: pid_file.exists() or not worker.alive, what=f"task {round_} to start")
                assert worker.alive, worker.log()
                backend_pid = int(pid_file.read_text())
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
                    assert cursor.fetchone()[0] is True

                t.touch.enqueue(str(markers), f"after-{round_}")
                after = markers / f"after-{round_}"
                wait_for(lambda: after.exists() or not worker.alive, what=f"the task after termination {round_}")
                assert worker.alive, worker.log()
                assert after.exists(), worker.log()

            # Like a database restart: every connection of the worker (loop and heartbeat) is
            # terminated while it waits for work; the next task still runs.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                assert cursor.fetchone()[0] >= 1
            t.touch.enqueue(str(markers), "after-restart")
            wait_for(lambda: (markers / "after-restart").exists() or not worker.alive, what="a task after the restart")
            assert worker.alive and (markers / "after-restart").exists(), worker.log()

            # The marker is written inside the task; its result is recorded just after.
            wait_for(
                lambda: DBTaskResult.objects.filter(task_path=t.touch.module_path, status="SUCCESSFUL").count() == 5,
                what="the results of the tasks after the terminations",
            )
            wait_for(lambda: ProcessHeartbeat.objects.filter(kind="worker").exists(), what="the worker's heartbeat")
            results = DBTaskResult.objects.filter(task_path=t.hold_database_connection.module_path)
            first_attempts = [r for r in results if "_stint_attempt" not in r.args_kwargs["kwargs"]]
            retries = [r for r in results if r.args_kwargs["kwargs"].get("_stint_attempt") == 2]
            # Every terminated run was recorded as failed (not left "running") and its retry queued.
            assert sorted(r.status for r in first_attempts) == [TaskResultStatus.FAILED] * 4, worker.log()
            assert [r.status for r in retries] == [TaskResultStatus.READY] * 4
            assert ProcessHeartbeat.objects.filter(kind="worker").count() == 1
        finally:
            worker.kill()


def test_the_fault_helpers_give_a_subprocess_the_test_database(transactional_db, tmp_path):
    """On SQLite too: a row written by the test is seen by the worker, and the worker's by the test."""
    from django.test import override_settings

    markers = tmp_path / "markers"
    markers.mkdir()
    with override_settings(TASKS=DB_TASKS), shared_database(tmp_path) as database_url:
        worker = start_worker(database_url=database_url, log_dir=tmp_path / "logs")
        try:
            result = t.touch.enqueue(str(markers), "seen")
            wait_for(lambda: (markers / "seen").exists() or not worker.alive, what="the worker to run the task")
            assert (markers / "seen").exists(), worker.log()
            wait_for(lambda: result.backend and _status(result.id) == "SUCCESSFUL", what="the result to be recorded")
        finally:
            worker.kill()


def _status(result_id: str) -> str:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.get(pk=result_id).status
