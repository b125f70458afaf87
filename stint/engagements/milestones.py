"""Milestone rules and the services that change or remove one (docs/engagements.md "Milestones").

A milestone's due date, when given, lies in the engagement's window: from the day the engagement
started to its due date (``milestone_date_out_of_window`` 422 otherwise), so a date such as
9999-12-31 never reaches the talent's calendar. Either side adds milestones (``milestone_create``
in ``services``); the company side manages them: it may change the title and date or remove one
while the engagement is open. The talent gets ``wrong_side`` (403), anyone else a 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.formatting import format_date
from stint.engagements.choices import OPEN_STATUSES
from stint.engagements.models import Engagement, Milestone
from stint.engagements.selectors import engagement_side

MAX_TITLE_CHARS = 200


def milestone_window(engagement: Engagement) -> tuple[datetime.date, datetime.date]:
    """The first and last day a milestone of ``engagement`` may be due."""
    start = timezone.localdate(engagement.created_at)
    return start, max(start, engagement.due_date)


def check_milestone_date(engagement: Engagement, due_date: datetime.date | None) -> None:
    """Refuse a due date outside the engagement's window (``milestone_date_out_of_window``)."""
    if due_date is None:
        return
    start, end = milestone_window(engagement)
    if not start <= due_date <= end:
        raise ValidationFailed(
            _("A milestone is due between %(start)s (the start) and %(end)s (the engagement's due date).")
            % {"start": format_date(start), "end": format_date(end)},
            code="milestone_date_out_of_window",
            errors=[
                {
                    "field": "due_date",
                    "message": _("Between %(start)s and %(end)s.")
                    % {"start": format_date(start), "end": format_date(end)},
                }
            ],
        )


def _title(value: str | None) -> str:
    title = (value or "").replace("\x00", "").strip()
    if not title:
        raise ValidationFailed(
            _("A title is required."), code="title_required", errors=[{"field": "title", "message": _("Required.")}]
        )
    if len(title) > MAX_TITLE_CHARS:
        raise ValidationFailed(
            _("The title is too long."),
            code="title_too_long",
            errors=[{"field": "title", "message": _("At most %(count)s characters.") % {"count": MAX_TITLE_CHARS}}],
        )
    return title


def _managed(actor: Any, milestone: Milestone) -> Engagement:
    """The milestone's engagement, locked, when ``actor`` is on its company side and it is open."""
    side = engagement_side(user=actor, engagement=milestone.engagement)
    if side is None:
        raise NotFound(_("Milestone not found."))
    if side != "company":
        raise PermissionDenied(_("Only the company manages milestones."), code="wrong_side")
    engagement = (
        Engagement.objects.select_for_update()
        .select_related("project", "project__organization")
        .get(pk=milestone.engagement_id)
    )
    if engagement.status not in OPEN_STATUSES:
        raise Conflict(
            _("This engagement is %(status)s; its milestones are final.")
            % {"status": engagement.get_status_display().lower()},
            code="illegal_transition",
        )
    return engagement


def milestone_update(*, actor: Any, milestone: Milestone, title: str, due_date: datetime.date | None) -> Milestone:
    """The company changes a milestone's title and due date (None clears it) while the engagement
    is open. Locks the engagement row; writes ``engagement.milestone_changed``."""
    title = _title(title)
    with transaction.atomic():
        engagement = _managed(actor, milestone)
        check_milestone_date(engagement, due_date)
        Milestone.objects.filter(pk=milestone.pk).update(title=title, due_date=due_date, updated_at=timezone.now())
        audit_log(
            actor,
            "engagement.milestone_changed",
            engagement,
            {"milestone": str(milestone.pk), "title": title, "due_date": due_date.isoformat() if due_date else None},
        )
    milestone.refresh_from_db()
    return milestone


def milestone_delete(*, actor: Any, milestone: Milestone) -> None:
    """The company removes a milestone while the engagement is open. Locks the engagement row;
    writes ``engagement.milestone_removed``."""
    with transaction.atomic():
        engagement = _managed(actor, milestone)
        Milestone.objects.filter(pk=milestone.pk).delete()
        audit_log(
            actor,
            "engagement.milestone_removed",
            engagement,
            {"milestone": str(milestone.pk), "title": milestone.title},
        )
