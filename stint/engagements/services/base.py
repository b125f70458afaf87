"""Shared pieces of the engagement services: settings, notifications, claims, checks."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from django.utils import timezone

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
from stint.notifications.services import notify
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


def _notify(users: list[Any], *, event: str, title: str, body: str, url: str, exclude: Any = None) -> None:
    for user in users:
        if exclude is not None and user.pk == getattr(exclude, "pk", None):
            continue
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


def _illegal(current: Engagement, action: str) -> Conflict:
    return Conflict(
        f"This engagement is {current.get_status_display().lower()}; you cannot {action} it now.",
        code="illegal_transition",
    )


def _text(value: str | None, field: str, *, required: bool, label: str) -> str:
    text = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationFailed(
            f"{label} is required.", code=f"{field}_required", errors=[{"field": field, "message": "Required."}]
        )
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationFailed(
            f"{label} is too long.",
            code=f"{field}_too_long",
            errors=[{"field": field, "message": f"At most {MAX_TEXT_CHARS} characters."}],
        )
    return text


def _require_side(user: Actor | None, engagement: Engagement, *sides: str) -> str:
    """The user's side, or NotFound for outsiders and PermissionDenied for the wrong side."""
    side = engagement_side(user=user, engagement=engagement)
    if side is None:
        raise NotFound("Engagement not found.")
    if side not in sides:
        raise PermissionDenied("This action belongs to the other side of the engagement.", code="wrong_side")
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
                f"{link[:80]} is not an http(s) link.",
                code="invalid_link",
                errors=[{"field": "links", "message": "Use full http(s) links."}],
            )
        cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(
            f"At most {MAX_LINKS} links.", code="too_many_links", errors=[{"field": "links", "message": "Too many."}]
        )
    return cleaned
