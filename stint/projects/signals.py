"""Events the projects app sends for higher layers to follow (ARCHITECTURE rule 10).

State transitions are claimed with conditional ``QuerySet.update`` calls, which send no
``post_save``; so every write that can change whether or how a project is *listed* (publish,
moderation, close, cancel, edits) calls ``listing_changed(project_id)``. The signal is sent once the
surrounding transaction commits (at once when there is none), so receivers read committed state.
The matching app re-indexes the project synchronously on it: a just-published project is
searchable in the same request, with no worker running (docs/search.md).

``project_published`` is sent once a project has become ``open`` (after the commit), with
``project=`` the project. The talent pool notifies an organization's followers from it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)

# Sent with ``project_id`` after a commit that may have changed a project's listing.
project_listing_changed = Signal()
# Sent with ``project`` once a project has become open (after the commit).
project_published = Signal()


def _send(project_id: Any) -> None:
    for receiver, result in project_listing_changed.send_robust(sender=None, project_id=project_id):
        if isinstance(result, Exception):
            # A receiver's failure must not turn a committed publish into an error page; the
            # periodic index sweep repairs what it missed.
            logger.warning("project_listing_changed receiver %r failed for %s: %s", receiver, project_id, result)


def listing_changed(project_id: Any) -> None:
    """Send ``project_listing_changed`` for ``project_id`` when the current transaction commits."""
    transaction.on_commit(lambda: _send(project_id))
