"""Shared pieces of these services: limits, notifications, locks, claims and checks."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from stint.accounts.models import User
from stint.applications.choices import (
    ACTIONS,
    ApplicationStatus,
)
from stint.applications.models import Application
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound
from stint.core.types import Actor
from stint.notifications.services import in_language_of, notify
from stint.organizations.models import Membership
from stint.organizations.selectors import user_is_member
from stint.projects.models import Project

S = ApplicationStatus

MAX_LINKS = 10
MAX_COVER_LETTER_CHARS = 10_000
MAX_ANSWER_CHARS = 5_000
MAX_REASON_CHARS = 2_000


def application_url(application: Application) -> str:
    return f"/applications/{application.pk}/"


def _org_members(project: Project) -> list[Any]:
    return [m.user for m in Membership.objects.filter(organization_id=project.organization_id).select_related("user")]


def _zone_of(user: Any) -> zoneinfo.ZoneInfo | None:
    """The user's time zone, or None for the site's."""
    try:
        return zoneinfo.ZoneInfo(user.time_zone) if getattr(user, "time_zone", "") else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _notify(users: list[Any], *, event: str, texts: Callable[[], tuple[str, str]], url: str) -> None:
    """Notify each of ``users``; ``texts()`` returns the (title, body) and is called once per
    recipient inside ``in_language_of(recipient)`` and their time zone, so each reads it in their
    own language and moments in their own zone."""
    for user in users:
        with in_language_of(user), timezone.override(_zone_of(user)):
            title, body = texts()
        notify(user=user, event=event, title=title, body=body, url=url)


def _lock_talent(talent_id: Any) -> None:
    """Serialise one talent's applications (PostgreSQL row lock; SQLite's IMMEDIATE transactions
    already serialise writers, and ``select_for_update`` is a no-op there)."""
    list(User.objects.select_for_update().filter(pk=talent_id).values_list("pk", flat=True))


def _lock_project(project_id: Any) -> Project:
    return Project.objects.select_for_update().get(pk=project_id)


def _transition(
    application: Application,
    *,
    actor: Actor,
    action: str,
    updates: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> tuple[Application, bool]:
    """Claim ``application``'s move by ``action`` (``ACTIONS`` in choices.py: its sources and its
    target) with a conditional update.

    Returns (fresh application, changed). Repeating a transition that already happened is a no-op
    (changed=False); any other status is a 409 ``illegal_transition``.
    """
    now = timezone.now()
    to = ACTIONS[action].to
    claimed = Application.objects.filter(pk=application.pk, status__in=ACTIONS[action].sources).update(
        status=to, updated_at=now, **(updates or {})
    )
    current = Application.objects.select_related("project", "project__organization", "talent").get(pk=application.pk)
    if not claimed:
        if current.status == to:
            return current, False
        raise Conflict(
            _("This application is %(status)s; it cannot become %(target)s.")
            % {"status": current.get_status_display().lower(), "target": S(to).label.lower()},
            code="illegal_transition",
        )
    audit_log(actor, f"application.{to}", current, {"from": application.status, **(data or {})})
    return current, True


def _ensure_company(actor: User, application: Application) -> None:
    if not user_is_member(user=actor, organization_id=application.project.organization_id):
        raise NotFound(_("Application not found."))


def _ensure_owner(actor: Actor, application: Application) -> None:
    if not getattr(actor, "is_authenticated", False) or application.talent_id != actor.pk:
        raise NotFound(_("Application not found."))
