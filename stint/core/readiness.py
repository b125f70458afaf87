"""What ``/readyz`` checks, one function per check (docs/operations.md, "Readiness").

Each check returns a dict with ``status`` (``ok``, ``fail`` or ``skipped``) and the figures behind
it; any ``fail`` makes the answer 503. Thresholds are settings:

* ``database``: ``SELECT 1`` answers.
* ``cache``: a real round trip to the cache (Redis when ``REDIS_URL`` is set). The site keeps
  working without it (``stint.core.cache``), but rate limits fail open and every node computes
  what it would have shared, so an operator must know.
* ``queue``: the oldest task that is due has waited at most ``STINT_READY_MAX_QUEUE_LAG_SECONDS``.
* ``failed_tasks``: at most ``STINT_READY_MAX_FAILED_TASKS`` tasks failed for good and are not
  resolved (admin, "Failed tasks").
* ``workers`` and ``scheduler``: at least one heartbeat younger than
  ``STINT_READY_HEARTBEAT_STALE_SECONDS`` (the scheduler: at least three of its intervals).

With the immediate task backend (tests, ``STINT_TASK_BACKEND=immediate``) tasks run in the web
process, so the queue, worker and scheduler checks are ``skipped``.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

logger = logging.getLogger(__name__)

Check = dict[str, Any]


def _ok(**figures: Any) -> Check:
    return {"status": "ok", **figures}


def _fail(**figures: Any) -> Check:
    return {"status": "fail", **figures}


def _judge(passed: bool, **figures: Any) -> Check:
    return _ok(**figures) if passed else _fail(**figures)


def _skipped() -> Check:
    return {"status": "skipped", "reason": "the immediate task backend runs tasks in the web process"}


def db_task_backend_in_use() -> bool:
    from stint.core.taskqueue import _db_backend_in_use

    return _db_backend_in_use()


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return _ok()


def check_cache() -> Check:
    from stint.core.cache import cache_ping

    return _ok(backend=cache_ping())


def queue_lag_seconds(now: datetime.datetime | None = None) -> float:
    """How long the oldest task that is due has been waiting (0 when none is)."""
    from django.tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    oldest_immediate = ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"]
    oldest_deferred = ready.filter(run_after__lte=now).aggregate(at=Min("run_after"))["at"]
    due_since = min((at for at in (oldest_immediate, oldest_deferred) if at is not None), default=None)
    return max(0.0, (now - due_since).total_seconds()) if due_since else 0.0


def check_queue() -> Check:
    if not db_task_backend_in_use():
        return _skipped()
    from django.tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    lag = queue_lag_seconds()
    limit = settings.READY_MAX_QUEUE_LAG_SECONDS
    return _judge(
        lag <= limit,
        oldest_due_seconds=round(lag, 1),
        max_lag_seconds=limit,
        ready=DBTaskResult.objects.filter(status=TaskResultStatus.READY).count(),
        running=DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
    )


def check_failed_tasks() -> Check:
    from stint.core.models import FailedTask

    count = FailedTask.objects.filter(resolved_at__isnull=True).count()
    limit = settings.READY_MAX_FAILED_TASKS
    return _judge(count <= limit, count=count, max=limit)


def _heartbeats(kind: str, stale_after: int) -> Check:
    if not db_task_backend_in_use():
        return _skipped()
    from stint.core.models import ProcessHeartbeat

    now = timezone.now()
    rows = ProcessHeartbeat.objects.filter(kind=kind)
    alive = rows.filter(last_seen_at__gte=now - datetime.timedelta(seconds=stale_after)).count()
    newest = rows.aggregate(at=Max("last_seen_at"))["at"]
    figures: dict[str, Any] = {"alive": alive, "stale_after_seconds": stale_after}
    if newest is not None:
        figures["last_seen_seconds_ago"] = round((now - newest).total_seconds(), 1)
    return _judge(alive > 0, **figures)


def check_workers() -> Check:
    return _heartbeats("worker", settings.READY_HEARTBEAT_STALE_SECONDS)


def check_scheduler() -> Check:
    stale = max(settings.READY_HEARTBEAT_STALE_SECONDS, 3 * settings.SCHEDULER_INTERVAL_SECONDS)
    return _heartbeats("scheduler", stale)


CHECKS: dict[str, Callable[[], Check]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "failed_tasks": check_failed_tasks,
    "workers": check_workers,
    "scheduler": check_scheduler,
}


def readiness(names: list[str] | None = None) -> tuple[bool, dict[str, Check]]:
    """Run the named checks (all by default). A check that raises is a ``fail`` with the error's
    type (details go to the log, not to an anonymous caller)."""
    results: dict[str, Check] = {}
    for name in names or list(CHECKS):
        try:
            results[name] = CHECKS[name]()
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            logger.warning("readyz: %s check failed: %s", name, exc)
            results[name] = _fail(error=type(exc).__name__)
    return all(r["status"] != "fail" for r in results.values()), results
