"""Signals that start the indexing cycle.

* ``projects.signals.project_listing_changed`` (sent on commit by every project transition and edit,
  which are conditional ``QuerySet.update`` calls and send no ``post_save``): the project is
  re-indexed synchronously, in the same request, so a just-published project is searchable at once
  without a worker. If indexing fails there, a task is enqueued instead.
* ``post_save`` of a project, one of its skills or its organization enqueues a re-index after commit.

The periodic ``sweep_search_index`` task and the live status check at query time remain the safety
net (docs/search.md).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from stint.organizations.models import Organization
from stint.projects.models import Project, ProjectSkill
from stint.projects.signals import project_listing_changed as listing_signal

logger = logging.getLogger(__name__)

_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("matching_index_signals_muted", default=False)


@contextlib.contextmanager
def indexing_signals_muted() -> Iterator[None]:
    """For bulk writers (the importer) that re-index in bulk afterwards: saves inside the block
    enqueue no per-project indexing task."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _enqueue_project(project_id: Any) -> None:
    if _muted.get():
        return
    from stint.matching.tasks import index_project_task

    transaction.on_commit(lambda: index_project_task.enqueue(str(project_id)))


def project_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _enqueue_project(instance.pk)


def project_skill_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _enqueue_project(instance.project_id)


def organization_saved(sender: Any, instance: Any, raw: bool = False, created: bool = False, **kwargs: Any) -> None:
    if raw or created or _muted.get():
        return
    from stint.matching.tasks import index_organization_projects_task

    organization_id = str(instance.pk)
    transaction.on_commit(lambda: index_organization_projects_task.enqueue(organization_id))


def project_listing_changed(sender: Any, project_id: Any = None, **kwargs: Any) -> None:
    """Index (or drop) the project's document now; on failure leave it to the worker."""
    if project_id is None or _muted.get():
        return
    from stint.matching.indexing import index_project

    try:
        index_project(project_id)
    except Exception:
        logger.exception("indexing project %s on commit failed; enqueuing a retry", project_id)
        from stint.matching.tasks import index_project_task

        index_project_task.enqueue(str(project_id))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(project_saved, sender=Project, dispatch_uid="matching.project_saved")
    post_save.connect(project_skill_changed, sender=ProjectSkill, dispatch_uid="matching.project_skill_saved")
    post_delete.connect(project_skill_changed, sender=ProjectSkill, dispatch_uid="matching.project_skill_deleted")
    listing_signal.connect(project_listing_changed, dispatch_uid="matching.project_listing_changed")
    post_save.connect(organization_saved, sender=Organization, dispatch_uid="matching.organization_saved")
