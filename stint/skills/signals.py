"""Keep the in-process search index fresh when skills or categories change through the ORM."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from stint.skills.search import index_invalidate


def skills_changed(sender: Any, **kwargs: Any) -> None:
    # At once for this process (a test or an admin request sees its own change), and again on
    # commit so that other processes do not rebuild from rows they cannot see yet.
    index_invalidate()
    transaction.on_commit(index_invalidate)
