"""HTML pages of engagements: the list, the workspace of both sides and the staff dispute queue.
They call the same selectors and services as the JSON API; an ``ApplicationError`` raised by an
action becomes a message and a redirect back (core middleware)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from stint.core.errors import NotFound, ValidationFailed
from stint.core.types import AuthedRequest
from stint.engagements import milestones, selectors, services
from stint.engagements.choices import (
    OPEN_STATUSES,
    STATUS_HELP,
    EngagementStatus,
    OverrunDecision,
)
from stint.engagements.endpoints import file_response
from stint.engagements.models import Engagement, Milestone, TimeEntry
from stint.engagements.timelog_rules import max_minutes_per_day

S = EngagementStatus

TIMELINE_LABELS = {
    "engagement.created": gettext_lazy("Hired: the engagement started"),
    "engagement.time_logged": gettext_lazy("Time logged"),
    "engagement.time_deleted": gettext_lazy("Time entry deleted"),
    "engagement.milestone_added": gettext_lazy("Milestone added"),
    "engagement.milestone_done": gettext_lazy("Milestone done"),
    "engagement.milestone_changed": gettext_lazy("Milestone changed"),
    "engagement.milestone_removed": gettext_lazy("Milestone removed"),
    "engagement.submitted": gettext_lazy("Work submitted"),
    "engagement.changes_requested": gettext_lazy("Changes requested"),
    "engagement.approved": gettext_lazy("Approved"),
    "engagement.funds_released": gettext_lazy("Fee released to the talent's balance"),
    "engagement.paid": gettext_lazy("Paid"),
    "engagement.cancelled": gettext_lazy("Cancelled"),
    "engagement.cancellation_settled": gettext_lazy("Cancellation settled (money moved)"),
    "engagement.settled": gettext_lazy("Cancellation settled"),
    "engagement.disputed": gettext_lazy("Dispute opened"),
    "engagement.dispute_split": gettext_lazy("Held fee split by staff"),
    "engagement.dispute_resolved": gettext_lazy("Dispute resolved"),
    "engagement.overrun_acknowledged": gettext_lazy("Scope overrun answered"),
    "engagement.offered_next": gettext_lazy("Slot offered to the next applicant"),
    "review.created": gettext_lazy("Review left"),
}


# Where the fee is (``selectors.funds_state``), for people.
FUNDS_STATE_LABELS = {
    "held": gettext_lazy("held"),
    "released": gettext_lazy("released"),
    "split": gettext_lazy("split"),
    "refunded": gettext_lazy("refunded"),
    "settling": gettext_lazy("settling"),
}


def _parse_date(value: str, field: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(
            _("Enter a date as YYYY-MM-DD."),
            code="invalid_date",
            errors=[{"field": field, "message": _("Invalid date.")}],
        ) from exc


def _uuid(value: str | None) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound(_("Not found.")) from exc


@login_required
def engagement_list(request: AuthedRequest) -> HttpResponse:
    """Every engagement of the user (as talent or as a member of the hiring organization)."""
    engagements = list(selectors.engagement_list_for_user(user=request.user)[:200])
    return render(request, "engagements/list.html", {"engagements": engagements})


def _workspace_context(request: AuthedRequest, engagement: Engagement) -> dict[str, Any]:
    data = selectors.engagement_detail_data(engagement=engagement, user=request.user)
    side = data["viewer_side"]
    events = selectors.engagement_timeline(engagement)
    context: dict[str, Any] = {
        "engagement": engagement,
        "project": engagement.project,
        "data": data,
        "side": side,
        "S": S,
        "status_help": STATUS_HELP.get(engagement.status, ""),
        "funds_state_label": FUNDS_STATE_LABELS.get(data["funds"]["state"], data["funds"]["state"]),
        "allowed_actions": data["allowed_actions"],
        # The workspace's sections, from the one selector (``engagement_allowed_actions``).
        "can_work": "submit" in data["allowed_actions"],
        "can_review_submission": "approve" in data["allowed_actions"],
        "rounds_left": max(0, data["max_change_rounds"] - engagement.change_rounds_used),
        "can_cancel": "cancel" in data["allowed_actions"],
        "can_dispute": "dispute" in data["allowed_actions"],
        "can_resolve": "resolve" in data["allowed_actions"],
        "can_offer_next": "offer-next" in data["allowed_actions"],
        "can_review": "review" in data["allowed_actions"],
        "project_skills": list(engagement.project.skills.all()) if side == "company" else [],
        "overrun_choices": OverrunDecision.choices,
        "timeline": [{"event": e, "label": TIMELINE_LABELS.get(e.code, e.code)} for e in events],
        "today": datetime.date.today().isoformat(),
        "max_hours_per_day": max_minutes_per_day() // 60,
        "can_manage_milestones": side == "company" and engagement.status in OPEN_STATUSES,
        "milestone_window": milestones.milestone_window(engagement),
    }
    return context


@login_required
def workspace(request: AuthedRequest, engagement_id: Any) -> HttpResponse:
    """The engagement workspace for the talent, the company and (on disputes) staff."""
    engagement = selectors.engagement_get_for_user(user=request.user, engagement_id=engagement_id)
    return render(request, "engagements/workspace.html", _workspace_context(request, engagement))


def _done(request: HttpRequest, engagement: Engagement, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(f"/engagements/{engagement.pk}/")


def _time(request: AuthedRequest, e: Engagement) -> HttpResponse:
    services.time_entry_log(
        talent=request.user,
        engagement=e,
        date=_parse_date(request.POST.get("date", ""), "date"),
        minutes=services.minutes_from_hours(request.POST.get("hours", "")),
        note=request.POST.get("note", ""),
    )
    return _done(request, e, _("Time logged."))


def _time_delete(request: AuthedRequest, e: Engagement) -> HttpResponse:
    entry = (
        TimeEntry.objects.filter(pk=_uuid(request.POST.get("entry")), engagement=e).select_related("engagement").first()
    )
    if entry is None:
        raise NotFound(_("Time entry not found."))
    services.time_entry_delete(talent=request.user, entry=entry)
    return _done(request, e, _("Time entry deleted."))


def _submit(request: AuthedRequest, e: Engagement) -> HttpResponse:
    links = [line.strip() for line in request.POST.get("links", "").splitlines() if line.strip()]
    services.submission_create(
        talent=request.user,
        engagement=e,
        notes=request.POST.get("notes", ""),
        ai_use=request.POST.get("ai_use", ""),
        links=links,
        files=request.FILES.getlist("files"),
    )
    return _done(request, e, _("Submitted. The company has been told."))


def _request_changes(request: AuthedRequest, e: Engagement) -> HttpResponse:
    services.engagement_request_changes(actor=request.user, engagement=e, message=request.POST.get("message", ""))
    return _done(request, e, _("Changes requested."))


def _dispute(request: AuthedRequest, e: Engagement) -> HttpResponse:
    services.engagement_dispute_open(actor=request.user, engagement=e, reason=request.POST.get("reason", ""))
    return _done(request, e, _("Dispute opened. Staff will look at it."))


def _review(request: HttpRequest, e: Engagement) -> HttpResponse:
    try:
        rating = int(request.POST.get("rating", ""))
    except ValueError:
        rating = 0
    services.review_create(
        author=request.user,
        engagement=e,
        rating=rating,
        comment=request.POST.get("comment", ""),
        endorsed_skills=request.POST.getlist("endorsed_skills"),
    )
    return _done(request, e, _("Thank you for your review."))


def _milestone(request: AuthedRequest, e: Engagement) -> HttpResponse:
    raw = request.POST.get("due_date", "")
    services.milestone_create(
        actor=request.user,
        engagement=e,
        title=request.POST.get("title", ""),
        due_date=_parse_date(raw, "due_date") if raw else None,
    )
    return _done(request, e, _("Milestone added."))


def _milestone_done(request: AuthedRequest, e: Engagement) -> HttpResponse:
    milestone = _milestone_of(request, e)
    services.milestone_complete(actor=request.user, milestone=milestone)
    return _done(request, e, _("Milestone done."))


def _milestone_of(request: HttpRequest, e: Engagement) -> Milestone:
    milestone = (
        Milestone.objects.filter(pk=_uuid(request.POST.get("milestone")), engagement=e)
        .select_related("engagement")
        .first()
    )
    if milestone is None:
        raise NotFound(_("Milestone not found."))
    return milestone


def _milestone_edit(request: HttpRequest, e: Engagement) -> HttpResponse:
    raw = request.POST.get("due_date", "")
    milestones.milestone_update(
        actor=request.user,
        milestone=_milestone_of(request, e),
        title=request.POST.get("title", ""),
        due_date=_parse_date(raw, "due_date") if raw else None,
    )
    return _done(request, e, _("Milestone changed."))


def _milestone_delete(request: HttpRequest, e: Engagement) -> HttpResponse:
    milestones.milestone_delete(actor=request.user, milestone=_milestone_of(request, e))
    return _done(request, e, _("Milestone removed."))


def _overrun(request: AuthedRequest, e: Engagement) -> HttpResponse:
    services.engagement_overrun_acknowledge(
        actor=request.user, engagement=e, decision=request.POST.get("decision", ""), note=request.POST.get("note", "")
    )
    return _done(request, e, _("Answer recorded."))


ACTIONS: dict[str, Callable[[AuthedRequest, Engagement], HttpResponse]] = {
    "time": _time,
    "time-delete": _time_delete,
    "submit": _submit,
    "request-changes": _request_changes,
    "dispute": _dispute,
    "review": _review,
    "milestone": _milestone,
    "milestone-done": _milestone_done,
    "milestone-edit": _milestone_edit,
    "milestone-delete": _milestone_delete,
    "overrun": _overrun,
}


@login_required
@require_POST
def action(request: AuthedRequest, engagement_id: Any, name: str) -> HttpResponse:
    """Every single-app state change of the workspace is a POST here; services enforce who may do
    what. Approve, cancel, resolve and offer-next move money: ``stint.flows.views`` answers them
    (same URLs, matched first)."""
    handler = ACTIONS.get(name)
    if handler is None:
        raise Http404(_("Unknown action."))
    engagement = selectors.engagement_get_for_user(user=request.user, engagement_id=engagement_id)
    return handler(request, engagement)


@login_required
def file_download(request: AuthedRequest, engagement_id: Any, file_id: Any) -> HttpResponseBase:
    """A deliverable, as an attachment, for the two sides only."""
    item = selectors.submission_file_get_for_user(user=request.user, engagement_id=engagement_id, file_id=file_id)
    return file_response(item)


@login_required
def staff_disputes(request: HttpRequest) -> HttpResponse:
    """Staff: the queue of open disputes, oldest first."""
    if not getattr(request.user, "is_staff", False):
        raise Http404(_("Not found."))
    return render(
        request,
        "engagements/staff_disputes.html",
        {"engagements": list(selectors.engagement_list_disputed(user=request.user))},
    )
