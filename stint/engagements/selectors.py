"""Reads of engagements, scoped to the acting user: the talent, members of the project's
organization and, for disputed engagements, staff. Everyone else gets a 404."""

from __future__ import annotations

import datetime
import statistics
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from stint.core.audit import audit_events_for
from stint.core.errors import NotFound
from stint.core.models import AuditEvent
from stint.core.transitions import actions_open
from stint.core.types import Actor, User
from stint.engagements.choices import ACTIONS, APPROVED_STATUSES, CancelledBy, EngagementStatus
from stint.engagements.models import Engagement, Review, SubmissionFile, TimeEntry
from stint.engagements.timelog_rules import max_minutes_per_day
from stint.organizations.models import Membership
from stint.organizations.selectors import user_is_member

S = EngagementStatus


def _authenticated(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _base() -> QuerySet[Engagement]:
    return Engagement.objects.select_related("project", "project__organization", "talent", "application")


def engagement_side(*, user: Actor | None, engagement: Engagement) -> str | None:
    """``"talent"``, ``"company"``, ``"staff"`` (staff see disputed and resolved engagements) or None."""
    if user is None or not user.is_authenticated:
        return None
    if engagement.talent_id == user.pk:
        return "talent"
    if user_is_member(user=user, organization_id=engagement.project.organization_id):
        return "company"
    if getattr(user, "is_staff", False) and (engagement.disputed_at is not None or engagement.status == S.DISPUTED):
        return "staff"
    return None


def engagement_get_for_user(*, user: User, engagement_id: Any) -> Engagement:
    engagement = _base().filter(pk=engagement_id).first()
    if engagement is None or engagement_side(user=user, engagement=engagement) is None:
        raise NotFound(_("Engagement not found."))
    return engagement


def engagement_list_for_user(*, user: User) -> QuerySet[Engagement]:
    """The talent's engagements and those of every organization the user belongs to, newest first."""
    if not _authenticated(user):
        return Engagement.objects.none()
    org_ids = Membership.objects.filter(user=user).values("organization_id")
    return _base().filter(Q(talent=user) | Q(project__organization_id__in=org_ids)).order_by("-created_at")


def engagement_list_for_talent(*, talent: User) -> QuerySet[Engagement]:
    if not _authenticated(talent):
        return Engagement.objects.none()
    return _base().filter(talent=talent)


def engagement_list_disputed(*, user: Actor) -> QuerySet[Engagement]:
    if not getattr(user, "is_staff", False):
        raise NotFound(_("Not found."))
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
        # Reached: more time needs the company's approval (``timelog_rules``).
        "at_estimate": minutes >= estimate,
        "max_minutes_per_day": max_minutes_per_day(),
        "decision": engagement.overrun_decision,
        "note": engagement.overrun_note,
    }


def submission_file_get_for_user(*, user: User, engagement_id: Any, file_id: Any) -> SubmissionFile:
    """A deliverable, for the two sides only (and staff on a dispute)."""
    engagement = engagement_get_for_user(user=user, engagement_id=engagement_id)
    item = SubmissionFile.objects.filter(pk=file_id, submission__engagement=engagement).first()
    if item is None:
        raise NotFound(_("File not found."))
    return item


def reviews_visible_to(*, engagement: Engagement, user: Actor, now: datetime.datetime | None = None) -> list[Review]:
    from stint.engagements.services import review_visible

    reviews = list(
        Review.objects.filter(engagement=engagement)
        .select_related("author", "engagement")
        .prefetch_related("endorsed_skills")
    )
    return [r for r in reviews if review_visible(review=r, viewer=user, now=now)]


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


def funds_state(engagement: Engagement) -> dict[str, Any]:
    """Where the engagement's fee is: held, released (approved/paid), split (dispute), refunded or
    settling (a company cancellation inside its contest window)."""
    share = engagement.talent_share_minor
    if engagement.status in APPROVED_STATUSES:
        state = "split" if engagement.resolved_at and share is not None and share < engagement.fee_minor else "released"
        if state == "released":
            share = engagement.fee_minor
    elif engagement.status == S.CANCELLED:
        if engagement.settled_at is None:
            state = "settling"
        elif share:
            state = "split"
        else:
            state = "refunded"
    else:
        state = "held"
    return {
        "fee": engagement.fee.as_dict(),
        "state": state,
        "talent_share": {"amount_minor": share, "currency": engagement.currency} if share is not None else None,
        "auto_released": engagement.auto_released,
    }


def _submission_data(engagement: Engagement, submission: Any) -> dict[str, Any]:
    return {
        "id": submission.pk,
        "round": submission.round,
        "notes": submission.notes,
        "ai_use": submission.ai_use,
        "links": submission.links,
        "created_at": submission.created_at,
        "files": [
            {
                "id": f.pk,
                "name": f.original_name,
                "size": f.size,
                "content_type": f.content_type,
                "url": f"/engagements/{engagement.pk}/files/{f.pk}/",
            }
            for f in submission.files.all()
        ],
    }


def review_data(review: Any) -> dict[str, Any]:
    """A review as the workspace and the API show it."""
    return {
        "id": review.pk,
        "side": review.side,
        "author_name": str(review.author),
        "rating": review.rating,
        "comment": review.comment,
        "endorsed_skills": [s.label for s in review.endorsed_skills.all()],
        "created_at": review.created_at,
    }


def engagement_detail_data(*, engagement: Engagement, user: User) -> dict[str, Any]:
    """Everything the workspace shows, as plain data (the API serialises it; pages render it)."""
    side = engagement_side(user=user, engagement=engagement) or ""
    entries = list(engagement.time_entries.all())
    minutes = sum(e.minutes for e in entries)
    submissions = list(engagement.submissions.prefetch_related("files"))
    reviews = reviews_visible_to(engagement=engagement, user=user)
    return {
        "id": engagement.pk,
        "application_id": engagement.application_id,
        "project": {
            "id": engagement.project_id,
            "title": engagement.project.title,
            "organization_name": engagement.project.organization.name,
            "estimated_hours": engagement.project.estimated_hours,
        },
        "talent": {"id": engagement.talent_id, "name": str(engagement.talent)},
        "viewer_side": side,
        "allowed_actions": engagement_allowed_actions(engagement=engagement, side=side or None),
        "status": engagement.status,
        "fee": engagement.fee.as_dict(),
        "due_date": engagement.due_date,
        "due_at": engagement.due_at,
        "review_deadline": engagement.review_deadline,
        "created_at": engagement.created_at,
        "submitted_at": engagement.submitted_at,
        "approved_at": engagement.approved_at,
        "paid_at": engagement.paid_at,
        "cancelled_at": engagement.cancelled_at,
        "cancelled_by": engagement.cancelled_by,
        "cancel_reason": engagement.cancel_reason,
        "disputed_at": engagement.disputed_at,
        "dispute_reason": engagement.dispute_reason,
        "resolved_at": engagement.resolved_at,
        "change_rounds_used": engagement.change_rounds_used,
        "max_change_rounds": settings.STINT_MAX_CHANGE_ROUNDS,
        "hours_logged": round(minutes / 60, 2),
        "scope": scope_status(engagement, minutes),
        "funds": funds_state(engagement),
        "milestones": list(engagement.milestones.all()),
        "time_entries": [
            {"id": e.pk, "date": e.date, "minutes": e.minutes, "hours": round(e.minutes / 60, 2), "note": e.note}
            for e in entries
        ],
        "submissions": [_submission_data(engagement, s) for s in submissions],
        "change_requests": list(engagement.change_requests.all()),
        "reviews": [review_data(r) for r in reviews],
    }


def engagement_reliability_figures(organization: Any) -> dict[str, Any]:
    """The organization's completion rate and median days to pay (a source of
    ``stint.organizations.reliability``)."""
    stats = engagement_stats_for_organization(organization)
    return {name: stats.get(name) for name in ("completion_rate", "median_days_to_pay")}


def engagement_ids_due_for_auto_release(now: datetime.datetime) -> list[Any]:
    """Submitted engagements whose review window closed (at most 500 per pass)."""
    due = Engagement.objects.filter(status=EngagementStatus.SUBMITTED, review_deadline__lte=now)
    return list(due.values_list("pk", flat=True)[:500])


def engagements_due_for_settlement(now: datetime.datetime) -> list[Engagement]:
    """Cancelled engagements whose contest window passed without a dispute (at most 500 per pass)."""
    due = Engagement.objects.filter(status=EngagementStatus.CANCELLED, settled_at__isnull=True, settle_after__lte=now)
    return list(due[:500])


def engagements_dropped_out(*, project_id: Any) -> list[Engagement]:
    """The project's engagements the talent dropped out of (their opening's fee was refunded)."""
    return list(
        Engagement.objects.filter(
            project_id=project_id, status=EngagementStatus.CANCELLED, cancelled_by=CancelledBy.TALENT
        )
    )


def engagement_allowed_actions(*, engagement: Engagement, side: str | None) -> list[str]:
    """The actions the viewer on ``side`` (``engagement_side``) may take on ``engagement`` now,
    named as in its URLs (``POST /engagements/{id}/<action>``): the ``ACTIONS`` table for the side,
    narrowed by what the row says (rounds of changes left, a cancellation not yet settled), then
    ``offer-next`` (the company, after the talent dropped out) and ``review`` (either side, once
    approved, if it has not reviewed yet). The workspace shows these and the API returns them as
    ``allowed_actions``; the services claim the same table."""
    if side is None:
        return []
    open_now = actions_open(ACTIONS, status=engagement.status, side=side)
    actions: list[str] = []
    for name in open_now:
        if name == "resolve-nothing":  # one endpoint, ``resolve``, with the talent's share
            continue
        if name == "request-changes" and engagement.change_rounds_used >= settings.STINT_MAX_CHANGE_ROUNDS:
            continue
        if name == "dispute" and engagement.status == S.CANCELLED and engagement.settled_at is not None:
            continue
        actions.append(name)
    if side == "company" and engagement.status == S.CANCELLED and engagement.cancelled_by == CancelledBy.TALENT:
        actions.append("offer-next")
    if (
        side in ("talent", "company")
        and engagement.status in APPROVED_STATUSES
        and not Review.objects.filter(engagement=engagement, side=side).exists()
    ):
        actions.append("review")
    return actions
