"""The task worker that survives a lost database connection (``manage.py stint_worker``).

``django-tasks-db``'s ``db_worker`` lets any database error out of its loop, so one terminated
PostgreSQL backend kills it for good (issue 9: dead at the 2nd of 4 terminations, 232 tasks piled
up). ``ResilientWorker`` is that worker with three additions:

* an error on a lost connection anywhere in the loop (claiming a task, recording its result) is
  logged, the broken connection is closed, and the loop goes on after a short, growing pause;
* a task's result is written on a fresh connection when the task lost its own (the task's
  ``stint_task`` wrapper already reconnects to enqueue its retry);
* a heartbeat thread writes a ``ProcessHeartbeat`` row for ``/readyz``.

Anything that is not a lost connection still stops the worker, as before: a supervisor (systemd
``Restart=always``, docs/operations.md) starts it again.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import OperationalError
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.utils import is_locked_database_exception

from stint.core.connections import CONNECTION_ERRORS, drop_broken_connections
from stint.core.heartbeat import HeartbeatThread

logger = logging.getLogger(__name__)

MAX_PAUSE_SECONDS = 30.0
CALM_AFTER_SECONDS = 60.0


def _reconnecting(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method`` once more on a new connection if it failed because the connection was lost."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except CONNECTION_ERRORS:
            drop_broken_connections()
            return method(*args, **kwargs)

    return call


class ResilientWorker(Worker):
    def __init__(self, *, heartbeat_seconds: float | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.heartbeat = HeartbeatThread(name=self.worker_id, kind="worker", every_seconds=heartbeat_seconds)
        self._failures = 0
        self._last_failure = 0.0

    def run(self) -> None:
        self.heartbeat.start()
        try:
            while True:
                try:
                    return super().run()
                except CONNECTION_ERRORS as exc:
                    if not self.running:
                        return
                    self._recover(exc)
        finally:
            self.heartbeat.stop()

    def _recover(self, exc: Exception) -> None:
        now = time.monotonic()
        if now - self._last_failure > CALM_AFTER_SECONDS:
            self._failures = 0
        self._failures += 1
        self._last_failure = now
        pause = min(MAX_PAUSE_SECONDS, max(self.interval, 0.5) * 2 ** min(self._failures - 1, 6))
        if isinstance(exc, OperationalError) and is_locked_database_exception(exc):
            logger.info("worker %s: database locked, retrying in %.1fs", self.worker_id, pause)
        else:
            logger.warning(
                "worker %s: database connection lost (%s: %s); reconnecting in %.1fs",
                self.worker_id,
                type(exc).__name__,
                exc,
                pause,
            )
        drop_broken_connections()
        self.startup_delay = False
        time.sleep(pause)

    def run_task(self, db_task_result: Any) -> None:
        # The library records the result through these two methods; give them a second chance on
        # a new connection (instance attributes take precedence over the class's methods).
        for name in ("set_successful", "set_failed"):
            setattr(db_task_result, name, _reconnecting(getattr(db_task_result, name)))
        super().run_task(db_task_result)
