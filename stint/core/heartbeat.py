"""Liveness of background processes: each worker and scheduler writes a ``ProcessHeartbeat`` row
every ``STINT_WORKER_HEARTBEAT_SECONDS``; ``/readyz`` reads them (docs/operations.md)."""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connections
from django.utils import timezone

from stint.core.connections import drop_broken_connections

logger = logging.getLogger(__name__)

PRUNE_AFTER = datetime.timedelta(days=1)


def heartbeat_beat(*, name: str, kind: str, started_at: datetime.datetime) -> bool:
    """Record that process ``name`` is alive now. Never raises on a database error (it logs, drops
    a broken connection and answers False): a heartbeat must not kill the process it reports on."""
    from stint.core.models import ProcessHeartbeat

    now = timezone.now()
    try:
        if ProcessHeartbeat.objects.filter(name=name).update(last_seen_at=now):
            return True
        try:
            ProcessHeartbeat.objects.create(
                name=name,
                kind=kind,
                hostname=socket.gethostname()[:255],
                pid=os.getpid(),
                started_at=started_at,
                last_seen_at=now,
            )
        except IntegrityError:
            ProcessHeartbeat.objects.filter(name=name).update(last_seen_at=now)
        return True
    except DatabaseError as exc:
        logger.warning("heartbeat of %s %s not recorded: %s", kind, name, exc)
        drop_broken_connections()
        return False


def heartbeat_remove(*, name: str) -> None:
    from stint.core.models import ProcessHeartbeat

    try:
        ProcessHeartbeat.objects.filter(name=name).delete()
    except DatabaseError as exc:
        logger.warning("heartbeat of %s not removed: %s", name, exc)


def heartbeat_prune(now: datetime.datetime | None = None) -> int:
    """Forget processes not seen for a day (they died without saying so)."""
    from stint.core.models import ProcessHeartbeat

    cutoff = (now or timezone.now()) - PRUNE_AFTER
    return ProcessHeartbeat.objects.filter(last_seen_at__lt=cutoff).delete()[0]


class HeartbeatThread:
    """Beats from a daemon thread, so a long task does not make its worker look dead.

    The thread has its own database connection (Django's are per thread) and closes it on exit."""

    def __init__(self, *, name: str, kind: str, every_seconds: float | None = None) -> None:
        self.name = name
        self.kind = kind
        self.every = float(every_seconds if every_seconds is not None else settings.WORKER_HEARTBEAT_SECONDS)
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"heartbeat-{name}", daemon=True)

    def start(self) -> None:
        if self.every > 0:  # 0 turns the heartbeat off (tests that run a worker in-process)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        try:
            while True:
                heartbeat_beat(name=self.name, kind=self.kind, started_at=self.started_at)
                if self._stop.wait(self.every):
                    break
            heartbeat_remove(name=self.name)
        finally:
            connections.close_all()
