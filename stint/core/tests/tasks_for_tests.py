"""Module-level tasks for the task-queue tests (django.tasks needs importable functions)."""

from __future__ import annotations

import os
from pathlib import Path

from django.db import connection

from stint.core.taskqueue import stint_task

CALLS: dict[str, int] = {}


@stint_task(max_attempts=5)
def flaky(key: str, failures: int) -> int:
    """Fails ``failures`` times for ``key``, then succeeds; counts every call."""
    CALLS[key] = CALLS.get(key, 0) + 1
    if CALLS[key] <= failures:
        raise RuntimeError(f"flaky failure {CALLS[key]}")
    return CALLS[key]


@stint_task(max_attempts=3)
def always_fails(key: str) -> None:
    CALLS[key] = CALLS.get(key, 0) + 1
    raise ValueError("this task always fails")


@stint_task
def counts(key: str) -> int:
    CALLS[key] = CALLS.get(key, 0) + 1
    return CALLS[key]


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text)
    temporary.rename(path)


@stint_task(max_attempts=2)
def hold_database_connection(directory: str, name: str) -> None:
    """Write this task's PostgreSQL backend pid to ``<directory>/<name>.pid``, then sleep inside
    the database until the backend is terminated (the fault test does that)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        _write_atomically(Path(directory) / f"{name}.pid", str(cursor.fetchone()[0]))
        cursor.execute("SELECT pg_sleep(300)")


@stint_task
def touch(directory: str, name: str) -> str:
    """Leave ``<directory>/<name>`` behind: proof that a worker ran this task."""
    _write_atomically(Path(directory) / name, str(os.getpid()))
    return name
