"""Module-level tasks for the task-queue tests (django.tasks needs importable functions)."""

from __future__ import annotations

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
