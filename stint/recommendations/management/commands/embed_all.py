from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compute the embeddings of every project and talent profile whose text changed (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--projects-only", action="store_true")
        parser.add_argument("--talent-only", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from stint.recommendations.services import embed_all

        started = time.perf_counter()
        result = embed_all(projects=not options["talent_only"], talent=not options["projects_only"])
        self.stdout.write(
            f"Embedded {result['projects']} project(s) and {result['talent']} talent profile(s) "
            f"in {time.perf_counter() - started:.1f}s (unchanged texts skipped)."
        )
