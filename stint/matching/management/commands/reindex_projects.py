from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from stint.matching.indexing import reindex_projects


class Command(BaseCommand):
    help = "Rebuild the project search index in bulk (documents, FTS5 table or tsvectors)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        count = reindex_projects()
        self.stdout.write(f"indexed {count} listed projects in {time.monotonic() - started:.1f}s")
