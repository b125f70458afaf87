"""Background tasks: ``django.tasks`` plus what the ``django-tasks-db`` backend lacks.

* ``stint_task`` wraps a function as a Django task with a retry policy: when it raises, it is
  enqueued again with exponential backoff (``STINT_TASK_RETRY_BASE_SECONDS`` × 2^(attempt-1)) until
  ``max_attempts``; after the last attempt a ``FailedTask`` row makes the failure visible (admin,
  staff page, ``/readyz`` counts) and can be retried by hand.
* ``reap_stuck_tasks`` re-queues tasks left in "running" by a worker that died, after
  ``STINT_TASK_STUCK_AFTER_SECONDS``. Tasks must therefore be safe to run twice: each one takes
  ids, loads rows and calls one service that claims its work with a conditional update.
* ``enqueue_on_commit`` enqueues after the surrounding transaction commits.
"""

from __future__ import annotations

import datetime
import functools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task as django_task
from django.tasks import task_backends
from django.utils import timezone

from stint.core.connections import drop_broken_connections, with_reconnect

logger = logging.getLogger(__name__)

ATTEMPT_KWARG = "_stint_attempt"


def backoff_seconds(attempt: int, base: int | None = None) -> int:
    """Delay before attempt ``attempt + 1``: base, 2×base, 4×base … capped at one hour."""
    base_s = settings.TASK_RETRY_BASE_SECONDS if base is None else base
    return int(min(3600, base_s * (2 ** max(0, attempt - 1))))


def stint_task(func: Callable[..., Any] | None = None, *, max_attempts: int | None = None, priority: int = 0) -> Any:
    """Decorate a task function with retries, backoff and a visible failed state."""

    def wrap(fn: Callable[..., Any]) -> Any:
        @functools.wraps(fn)
        def runner(*args: Any, **kwargs: Any) -> Any:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            limit = max_attempts or settings.TASK_MAX_ATTEMPTS
            try:
                return fn(*args, **kwargs)
            except Exception as exc:
                path = f"{fn.__module__}.{fn.__qualname__}"
                # The task may have failed because the database connection was lost: never write
                # the retry or the FailedTask on that dead connection (issue 9).
                drop_broken_connections()
                if attempt < limit:
                    delay = backoff_seconds(attempt)
                    logger.warning(
                        "task %s failed (attempt %s/%s), retrying in %ss: %s", path, attempt, limit, delay, exc
                    )
                    with_reconnect(lambda: _enqueue_retry(task_obj, args, kwargs, attempt + 1, delay))
                else:
                    logger.error("task %s failed for good after %s attempts: %s", path, attempt, exc)
                    with_reconnect(functools.partial(_record_failed, path, args, kwargs, attempt, exc))
                raise

        task_obj = django_task(priority=priority)(runner)
        return task_obj

    if func is not None:
        return wrap(func)
    return wrap


def _record_failed(path: str, args: tuple[Any, ...], kwargs: dict[str, Any], attempt: int, exc: Exception) -> None:
    from stint.core.models import FailedTask

    FailedTask.objects.create(
        task_path=path,
        args=list(args),
        kwargs=kwargs,
        attempts=attempt,
        error=f"{type(exc).__name__}: {exc}",
        traceback="".join(traceback.format_exception(exc))[-20000:],
    )


def _enqueue_retry(task_obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any], attempt: int, delay: int) -> None:
    retry_kwargs = {**kwargs, ATTEMPT_KWARG: attempt}
    backend = task_obj.get_backend()
    if getattr(backend, "supports_defer", False) and delay > 0:
        task_obj.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(*args, **retry_kwargs)
    else:
        task_obj.enqueue(*args, **retry_kwargs)


def enqueue_on_commit(task_obj: Any, *args: Any, **kwargs: Any) -> None:
    """Enqueue after the surrounding transaction commits. ``robust``: the write has committed by
    then, so a failure to enqueue is logged (``django.db.backends``), never turned into a 500."""
    transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs), robust=True)


def _db_backend_in_use() -> bool:
    return "django_tasks_db" in type(task_backends["default"]).__module__


def reap_stuck_tasks(stuck_after_seconds: int | None = None) -> int:
    """Re-queue tasks whose worker died while running them. Returns how many were re-queued.

    Claimed with a conditional update (status still RUNNING and started before the cut-off), so two
    reapers never re-queue the same task twice.
    """
    if not _db_backend_in_use():
        return 0
    from django.tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    seconds = settings.TASK_STUCK_AFTER_SECONDS if stuck_after_seconds is None else stuck_after_seconds
    cutoff = timezone.now() - datetime.timedelta(seconds=seconds)
    count = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).update(
        status=TaskResultStatus.READY, started_at=None, run_after=timezone.now()
    )
    if count:
        logger.warning("reaper: re-queued %s task(s) stuck in running for over %ss", count, seconds)
    return count


def failed_task_retry(failed_task: Any, *, actor: Any = None) -> bool:
    """Enqueue a ``FailedTask`` again with a fresh attempt count and mark it resolved.

    Claimed with a conditional update on ``resolved_at`` so a double click enqueues once.
    Returns False when it was already resolved."""
    from django.utils.module_loading import import_string

    from stint.core.audit import audit_log
    from stint.core.models import FailedTask

    if not FailedTask.objects.filter(pk=failed_task.pk, resolved_at__isnull=True).update(resolved_at=timezone.now()):
        return False
    task_obj = import_string(failed_task.task_path)
    task_obj.enqueue(*failed_task.args, **failed_task.kwargs)
    audit_log(actor, "task.retried", failed_task, {"task_path": failed_task.task_path})
    return True


def queue_status() -> dict[str, int]:
    from stint.core.models import FailedTask

    status: dict[str, int] = {"failed_for_good": FailedTask.objects.filter(resolved_at__isnull=True).count()}
    if _db_backend_in_use():
        from django.tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        status["ready"] = DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
        status["running"] = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
    return status
