"""Demo step: index the demo catalogue before ``load_demo`` returns, so ``/search/`` finds every
listed demo project right after ``make demo`` / ``make run`` (no waiting for the worker's sweep).
Idempotent: it rebuilds the documents of the listed projects and drops stale ones."""

from __future__ import annotations

from typing import Any

from stint.core.demo import STEPS
from stint.matching.indexing import reindex_projects


def index_demo_catalogue(users: dict[str, Any]) -> None:
    reindex_projects()


STEPS.append(index_demo_catalogue)
