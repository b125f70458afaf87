"""Shared pieces of the engagement services: settings, notifications, claims, checks."""

from __future__ import annotations

import logging
import zoneinfo
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.types import Actor
from stint.engagements.choices import (
    ACTIONS,
    EngagementStatus,
)
from stint.engagements.models import (
    Engagement,
)
from stint.engagements.selectors import (
    engagement_side,
)
from stint.notifications.services import in_language_of, notify
from stint.organizations import reliability

logger = logging.getLogger(__name__)
S = EngagementStatus

MAX_TEXT_CHARS = 5_000
MAX_LINKS = 20
REVIEW_BLIND_DAYS = 14


# --- Helpers -------------------------------------------------------------------------------------
def engagement_url(engagement: Engagement) -> str:
    return f"/engagements/{engagement.pk}/"


def review_window_days() -> int:
    return settings.STINT_REVIEW_WINDOW_DAYS


def max_change_rounds() -> int:
    return settings.STINT_MAX_CHANGE_ROUNDS


def cancellation_contest_days() -> int:
    """Days a company cancellation waits before it is settled, so the talent can dispute it."""
    return settings.STINT_CANCELLATION_CONTEST_DAYS


def _zone_of(user: Any) -> zoneinfo.ZoneInfo | None:
    """The user's time zone, or None for the site's."""
    try:
        return zoneinfo.ZoneInfo(user.time_zone) if getattr(user, "time_zone", "") else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _notify(
    users: list[Any], *, event: str, texts: Callable[[], tuple[str, str]], url: str, exclude: Any = None
) -> None:
    """Notify each of ``users`` but ``exclude``; ``texts()`` returns the (title, body) and is
    called once per recipient inside ``in_language_of(recipient)`` and their time zone, so each
    reads it in their own language, money and moments formatted for them."""
    for user in users:
        if exclude is not None and user.pk == getattr(exclude, "pk", None):
            continue
        with in_language_of(user), timezone.override(_zone_of(user)):
            title, body = texts()
        notify(user=user, event=event, title=title, body=body, url=url)


def _reliability_changed(engagement: Engagement) -> None:
    """The organization's public completion and pay figures changed: drop their cache on commit.

    ``robust``: the write has committed by then; a cache failure is logged, never a 500."""
    organization = engagement.project.organization
    transaction.on_commit(lambda: reliability.organization_reliability_invalidate(organization), robust=True)


def _fresh(engagement: Any) -> Engagement:
    return Engagement.objects.select_related("project", "project__organization", "talent").get(pk=engagement.pk)


def _lock(engagement: Any) -> Engagement:
    """Lock the engagement row (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers)."""
    return (
        Engagement.objects.select_for_update()
        .select_related("project", "project__organization", "talent")
        .get(pk=engagement.pk)
    )


def _claim(engagement: Any, *, action: str, **updates: Any) -> bool:
    """Claim ``engagement``'s move by ``action`` (``ACTIONS`` in choices.py: from one of its sources
    to its target); True when this call won."""
    transition = ACTIONS[action]
    return bool(
        Engagement.objects.filter(pk=engagement.pk, status__in=transition.sources).update(
            status=transition.to, updated_at=timezone.now(), **updates
        )
    )


# What the refused action was, for "you cannot … it now" (the words of ``_illegal``'s callers).
ILLEGAL_ACTIONS: dict[str, Promise] = {
    "approve": gettext_lazy("This engagement is %(status)s; you cannot approve it now."),
    "cancel": gettext_lazy("This engagement is %(status)s; you cannot cancel it now."),
    "dispute": gettext_lazy("This engagement is %(status)s; you cannot dispute it now."),
    "resolve": gettext_lazy("This engagement is %(status)s; you cannot resolve it now."),
    "submit": gettext_lazy("This engagement is %(status)s; you cannot submit it now."),
    "plan": gettext_lazy("This engagement is %(status)s; you cannot plan it now."),
    "log time on": gettext_lazy("This engagement is %(status)s; you cannot log time on it now."),
    "edit the time log of": gettext_lazy("This engagement is %(status)s; you cannot edit the time log of it now."),
    "request changes on": gettext_lazy("This engagement is %(status)s; you cannot request changes on it now."),
}


def _illegal(current: Engagement, action: str) -> Conflict:
    template = ILLEGAL_ACTIONS.get(action)
    status = current.get_status_display().lower()
    message = (
        str(template) % {"status": status}
        if template is not None
        else _("This engagement is %(status)s; this action is not possible now.") % {"status": status}
    )
    return Conflict(message, code="illegal_transition")


# The messages of ``_text`` per field: (required, too long).
TEXT_MESSAGES: dict[str, tuple[Promise, Promise]] = {
    "reason": (gettext_lazy("A reason is required."), gettext_lazy("The reason is too long.")),
    "title": (gettext_lazy("A title is required."), gettext_lazy("The title is too long.")),
    "note": (gettext_lazy("The note is required."), gettext_lazy("The note is too long.")),
    "notes": (gettext_lazy("Notes are required."), gettext_lazy("The notes are too long.")),
    "ai_use": (
        gettext_lazy("The AI-use declaration is required."),
        gettext_lazy("The AI-use declaration is too long."),
    ),
    "message": (
        gettext_lazy("Describe the changes you request."),
        gettext_lazy("The requested changes are too long."),
    ),
    "comment": (gettext_lazy("The comment is required."), gettext_lazy("The comment is too long.")),
}


def _text(value: str | None, field: str, *, required: bool) -> str:
    """Clean a text the user typed: ``TEXT_MESSAGES[field]`` says what is missing or too long."""
    text = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    missing, too_long = TEXT_MESSAGES.get(field, (gettext_lazy("This is required."), gettext_lazy("This is too long.")))
    if required and not text:
        raise ValidationFailed(
            str(missing), code=f"{field}_required", errors=[{"field": field, "message": _("Required.")}]
        )
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationFailed(
            str(too_long),
            code=f"{field}_too_long",
            errors=[{"field": field, "message": _("At most %(count)s characters.") % {"count": MAX_TEXT_CHARS}}],
        )
    return text


def _require_side(user: Actor | None, engagement: Engagement, *sides: str) -> str:
    """The user's side, or NotFound for outsiders and PermissionDenied for the wrong side."""
    side = engagement_side(user=user, engagement=engagement)
    if side is None:
        raise NotFound(_("Engagement not found."))
    if side not in sides:
        raise PermissionDenied(_("This action belongs to the other side of the engagement."), code="wrong_side")
    return side


def _clean_links(links: list[Any] | None) -> list[str]:
    cleaned: list[str] = []
    for raw in links or []:
        link = str(raw or "").strip()
        if not link:
            continue
        parsed = urlparse(link)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(link) > 500:
            raise ValidationFailed(
                _("%(link)s is not an http(s) link.") % {"link": link[:80]},
                code="invalid_link",
                errors=[{"field": "links", "message": _("Use full http(s) links.")}],
            )
        cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(
            _("At most %(count)s links.") % {"count": MAX_LINKS},
            code="too_many_links",
            errors=[{"field": "links", "message": _("Too many links.")}],
        )
    return cleaned
