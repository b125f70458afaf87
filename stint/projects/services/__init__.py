"""Writes on projects: create, edit, publish, moderate, close, cancel, invite.

Every state change is claimed with a conditional update (``filter(pk, status=old).update(...)``),
writes an audit event and sends its notifications on commit. The rules live in ``rules``.

A package by subdomain (ARCHITECTURE rule 9): ``base`` (the checks and notices every service
shares), ``editing`` (build, create, update), ``lifecycle`` (publish, moderate, close, cancel) and
``invitations``. Import from ``stint.projects.services`` as before.
"""

from stint.projects.services.base import (
    ACTION_OF_END,
    EDITABLE_FIELDS,
)
from stint.projects.services.editing import (
    project_build,
    project_create,
    project_update,
)
from stint.projects.services.invitations import (
    project_invitations_bind,
    project_invite,
)
from stint.projects.services.lifecycle import (
    project_approve,
    project_check_publishable,
    project_mark_ended,
    project_mark_published,
    project_publish_pending_for_organization,
    project_reject,
)

__all__ = [
    "ACTION_OF_END",
    "EDITABLE_FIELDS",
    "project_approve",
    "project_build",
    "project_check_publishable",
    "project_create",
    "project_invitations_bind",
    "project_invite",
    "project_mark_ended",
    "project_mark_published",
    "project_publish_pending_for_organization",
    "project_reject",
    "project_update",
]
