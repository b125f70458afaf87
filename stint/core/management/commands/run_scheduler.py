from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from stint.core.scheduler import tick


class Command(BaseCommand):
    help = "Enqueue periodic jobs when they are due and re-queue tasks stuck in 'running'."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run one pass and exit")
        parser.add_argument("--interval", type=int, default=settings.SCHEDULER_INTERVAL_SECONDS)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            close_old_connections()
            names = tick()
            if names and options["verbosity"] > 1:
                self.stdout.write(f"enqueued: {', '.join(names)}")
            if options["once"]:
                return
            time.sleep(options["interval"])
