"""Reads of engagements, scoped to the acting user: the talent, members of the project's
organization and, for disputed engagements, staff. Everyone else gets a 404."""

from __future__ import annotations

import datetime
import statistics
from typing import Any

from django.db.models import Q, QuerySet, Sum

from stint.core.audit import audit_events_for
from stint.core.errors import NotFound
from stint.core.models import AuditEvent
from stint.engagements.choices import APPROVED_STATUSES, EngagementStatus
from stint.engagements.models import Engagement, Review, SubmissionFile, TimeEntry
from stint.organizations.models import Membership
from stint.organizations.selectors import user_is_member

S = EngagementStatus


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _base() -> QuerySet[Engagement]:
    return Engagement.objects.select_related("project", "project__organization", "talent", "application")


def engagement_side(*, user: Any, engagement: Engagement) -> str | None:
    """``"talent"``, ``"company"``, ``"staff"`` (staff see disputed and resolved engagements) or None."""
    if not _authenticated(user):
        return None
    if engagement.talent_id == user.pk:
        return "talent"
    if user_is_member(user=user, organization_id=engagement.project.organization_id):
        return "company"
    if getattr(user, "is_staff", False) and (engagement.disputed_at is not None or engagement.status == S.DISPUTED):
        return "staff"
    return None


def engagement_get_for_user(*, user: Any, engagement_id: Any) -> Engagement:
    engagement = _base().filter(pk=engagement_id).first()
    if engagement is None or engagement_side(user=user, engagement=engagement) is None:
        raise NotFound("Engagement not found.")
    return engagement


def engagement_list_for_user(*, user: Any) -> QuerySet[Engagement]:
    """The talent's engagements and those of every organization the user belongs to, newest first."""
    if not _authenticated(user):
        return Engagement.objects.none()
    org_ids = Membership.objects.filter(user=user).values("organization_id")
    return _base().filter(Q(talent=user) | Q(project__organization_id__in=org_ids)).order_by("-created_at")


def engagement_list_for_talent(*, talent: Any) -> QuerySet[Engagement]:
    if not _authenticated(talent):
        return Engagement.objects.none()
    return _base().filter(talent=talent)


def engagement_list_disputed(*, user: Any) -> QuerySet[Engagement]:
    if not getattr(user, "is_staff", False):
        raise NotFound("Not found.")
    return _base().filter(status=S.DISPUTED).order_by("disputed_at")


def org_members(engagement: Engagement) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(organization_id=engagement.project.organization_id).select_related("user")
    ]


def logged_minutes(engagement: Engagement) -> int:
    return int(TimeEntry.objects.filter(engagement_id=engagement.pk).aggregate(m=Sum("minutes"))["m"] or 0)


def scope_status(engagement: Engagement, minutes: int | None = None) -> dict[str, Any]:
    """The scope guard: logged vs estimated minutes and the company's answer to an overrun."""
    minutes = logged_minutes(engagement) if minutes is None else minutes
    estimate = engagement.project.estimated_hours * 60
    return {
        "logged_minutes": minutes,
        "estimated_minutes": estimate,
        "over_estimate": minutes > estimate,
        "decision": engagement.overrun_decision,
        "note": engagement.overrun_note,
    }


def submission_file_get_for_user(*, user: Any, engagement_id: Any, file_id: Any) -> SubmissionFile:
    """A deliverable, for the two sides only (and staff on a dispute)."""
    engagement = engagement_get_for_user(user=user, engagement_id=engagement_id)
    item = SubmissionFile.objects.filter(pk=file_id, submission__engagement=engagement).first()
    if item is None:
        raise NotFound("File not found.")
    return item


def reviews_visible_to(*, engagement: Engagement, user: Any, now: datetime.datetime | None = None) -> list[Review]:
    from stint.engagements.services import review_visible

    reviews = list(
        Review.objects.filter(engagement=engagement)
        .select_related("author", "engagement")
        .prefetch_related("endorsed_skills")
    )
    return [r for r in reviews if review_visible(r, user, now)]


def engagement_timeline(engagement: Engagement) -> list[AuditEvent]:
    """Every audit event of the engagement (its submissions and change requests are logged on it)."""
    return list(audit_events_for(engagement).select_related("actor"))


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def engagement_stats_for_organization(organization: Any) -> dict[str, Any]:
    """Reliability figures for ``organization``'s profile.

    * ``completion_rate``: approved or paid engagements / engagements that ended (approved, paid
      or cancelled — a dispute resolved for the talent counts as completed); None without any.
    * ``median_days_to_pay``: median days from the (last) submission to the fee reaching the
      talent's balance (``paid_at``), over paid engagements; None without any.
    """
    ended = Engagement.objects.filter(
        project__organization=organization, status__in=[*APPROVED_STATUSES, S.CANCELLED]
    ).values_list("status", "submitted_at", "paid_at")
    completed = 0
    total = 0
    days: list[float] = []
    for status, submitted_at, paid_at in ended:
        total += 1
        if status in APPROVED_STATUSES:
            completed += 1
            if submitted_at and paid_at:
                days.append(max(0.0, (paid_at - submitted_at).total_seconds() / 86400))
    return {
        "completion_rate": round(completed / total, 3) if total else None,
        "median_days_to_pay": _median(days),
    }
