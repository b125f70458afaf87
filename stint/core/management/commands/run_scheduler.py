from __future__ import annotations

import logging
import os
import socket
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from stint.core.connections import drop_broken_connections
from stint.core.heartbeat import heartbeat_beat, heartbeat_remove
from stint.core.scheduler import tick

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they are due and re-queue tasks stuck in 'running'."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run one pass and exit")
        parser.add_argument("--interval", type=int, default=settings.SCHEDULER_INTERVAL_SECONDS)

    def handle(self, *args: Any, **options: Any) -> None:
        name = f"scheduler:{socket.gethostname()}:{os.getpid()}"
        started_at = timezone.now()
        try:
            while True:
                close_old_connections()
                if not options["once"]:
                    heartbeat_beat(name=name, kind="scheduler", started_at=started_at)
                try:
                    names = tick()
                except DatabaseError as exc:
                    if options["once"]:
                        raise
                    # A lost connection (or a locked database) must not end the scheduler: log,
                    # reconnect on the next pass.
                    logger.warning("scheduler: pass failed, retrying next interval: %s", exc)
                    drop_broken_connections()
                    names = []
                if names and options["verbosity"] > 1:
                    self.stdout.write(f"enqueued: {', '.join(names)}")
                if options["once"]:
                    return
                time.sleep(options["interval"])
        finally:
            if not options["once"]:
                heartbeat_remove(name=name)
