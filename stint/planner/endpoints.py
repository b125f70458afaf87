from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Router, Status

from stint.applications.selectors import project_get_for_application
from stint.core.api import ProblemSchema
from stint.core.errors import PermissionDenied, ValidationFailed
from stint.core.types import AuthedRequest
from stint.planner import load, selectors, services
from stint.planner.models import CalendarFeed, DueDateChangeRequest
from stint.planner.schemas import (
    CalendarUrlOut,
    CapacityCheckOut,
    DailyPlanOut,
    DueDateRequestIn,
    DueDateRequestOut,
    PatternIn,
    PatternOut,
    WeekOut,
)

router = Router(tags=["planner"])

ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema}
ERRORS_ALL = {**ERRORS, 409: ProblemSchema, 422: ProblemSchema}
MAX_WEEKS = 26


def week_to_dict(week: load.Week) -> dict[str, Any]:
    h = load.minutes_to_hours
    return {
        "week_start": week.week_start,
        "capacity_hours": h(week.capacity_minutes),
        "committed_hours": h(week.committed_minutes),
        "tentative_hours": h(week.tentative_minutes),
        "capacity_minutes": week.capacity_minutes,
        "committed_minutes": week.committed_minutes,
        "tentative_minutes": week.tentative_minutes,
        "over_capacity": week.over_capacity,
        "blocked": week.blocked,
        "blocked_days": week.blocked_days,
        "reduced_days": week.reduced_days,
        "blocked_reasons": week.blocked_reasons,
        "items": [
            {
                "kind": i.kind,
                "engagement_id": i.id if i.kind == "engagement" else None,
                "application_id": i.id if i.kind == "application" else None,
                "title": i.title,
                "hours": h(i.minutes),
                "minutes": i.minutes,
                "tentative": i.tentative,
            }
            for i in week.items
        ],
    }


def calendar_url(request: HttpRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(f"/planner/calendar/{feed.token}.ics")


def request_to_dict(item: DueDateChangeRequest) -> dict[str, Any]:
    return {
        "id": item.pk,
        "engagement_id": item.engagement_id,
        "status": item.status,
        "previous_due_date": item.previous_due_date,
        "proposed_due_date": item.proposed_due_date,
        "reason": item.reason,
        "created_at": item.created_at,
        "decided_at": item.decided_at,
        "engagement_due_date": item.engagement.due_date,
    }


@router.get("/me/workload", response={200: list[WeekOut], **ERRORS, 422: ProblemSchema})
def my_workload(request: AuthedRequest, weeks: int = 8):
    """The signed-in talent's weekly load from the current ISO week: capacity, committed load
    (active and changes-requested engagements' remaining hours, spread over the days to their due
    dates), tentative load (offers), blocked weeks and the items behind each number. Hours have one
    decimal; the `*_minutes` fields are exact. `weeks` from 1 to 26."""
    selectors.ensure_talent(request.user)
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValidationFailed(
            gettext("weeks must be between 1 and %(max)s.") % {"max": MAX_WEEKS},
            code="invalid_weeks",
            errors=[{"field": "weeks", "message": gettext("1 to %(max)s") % {"max": MAX_WEEKS}}],
        )
    workload = selectors.workload_for_talent(request.user, weeks=weeks)
    return [week_to_dict(w) for w in workload.weeks]


@router.get("/me/daily-plan", response={200: DailyPlanOut, **ERRORS})
def my_daily_plan(request: AuthedRequest):
    """What to work on today (in the talent's time zone) to finish everything on time, and which
    engagements are at risk (remaining hours above the capacity left before the due date)."""
    selectors.ensure_talent(request.user)
    plan = selectors.daily_plan_for_talent(request.user)
    plan["entries"] = [{k: v for k, v in e.items() if k != "engagement"} for e in plan["entries"]]
    return plan


@router.get("/me/calendar-url", response={200: CalendarUrlOut, **ERRORS})
def my_calendar_url(request: AuthedRequest):
    """The secret URL of the talent's iCalendar feed (created on first use). Anyone with the URL can
    read the feed: rotate it to revoke."""
    feed = services.calendar_feed_get_or_create(user=request.user)
    return {"url": calendar_url(request, feed), "created_at": feed.created_at, "rotated_at": feed.rotated_at}


@router.post("/me/calendar-url/rotate", response={200: CalendarUrlOut, **ERRORS})
def my_calendar_url_rotate(request: AuthedRequest):
    """Replace the feed's secret URL; the old one stops working at once."""
    feed = services.calendar_feed_rotate(user=request.user)
    return {"url": calendar_url(request, feed), "created_at": feed.created_at, "rotated_at": feed.rotated_at}


def _pattern_out(user: Any) -> dict[str, Any]:
    capacity = selectors.talent_capacity(user)
    from stint.planner.models import CapacityPattern

    pattern = CapacityPattern.objects.filter(user_id=user.pk).first()
    return {
        "weekday_minutes": list(pattern.minutes) if pattern else None,
        "weekday_hours": [m / 60 for m in pattern.minutes] if pattern else None,
        "weekly_hours": load.minutes_to_hours(capacity.weekly_minutes),
    }


@router.get("/me/capacity-pattern", response={200: PatternOut, **ERRORS})
def my_capacity_pattern(request: HttpRequest):
    """The talent's hours per weekday (Monday first), or null when the weekly hours of the profile
    are split evenly over the seven days."""
    selectors.ensure_talent(request.user)
    return _pattern_out(request.user)


@router.put("/me/capacity-pattern", response={200: PatternOut, **ERRORS, 422: ProblemSchema})
def my_capacity_pattern_set(request: AuthedRequest, payload: PatternIn):
    """Set the hours per weekday (seven numbers, Monday first, 0–16, quarter hours), or null to go
    back to the profile's weekly hours (`invalid_weekday_pattern`)."""
    minutes = None
    if payload.weekday_hours is not None:
        minutes = [round(h * 60) if h == h else -1 for h in payload.weekday_hours]
    services.capacity_pattern_set(user=request.user, weekday_minutes=minutes)
    return _pattern_out(request.user)


@router.get("/projects/{project_id}/capacity-check", response={200: CapacityCheckOut, **ERRORS})
def project_capacity_check(request: AuthedRequest, project_id: uuid.UUID, secret: str = ""):
    """Would this project fit the signed-in talent's weeks if they were hired? The same check as the
    apply warning and the accept refusal. An unlisted project needs `secret` (its link's token)."""
    selectors.ensure_talent(request.user)
    project = project_get_for_application(talent=request.user, project_id=project_id, secret=secret)
    overloads = selectors.capacity_check(request.user, project)
    return {"fits": not overloads, "weeks": [o.as_dict() for o in overloads]}


@router.post("/engagements/{engagement_id}/due-date-requests", response={201: DueDateRequestOut, **ERRORS_ALL})
def due_date_request_create(request: AuthedRequest, engagement_id: uuid.UUID, payload: DueDateRequestIn):
    """Talent: ask the company for a new due date, with a reason. Codes: `engagement_not_open`,
    `due_date_request_pending` (409); `due_date_in_past`, `due_date_unchanged`, `due_date_too_late`,
    `reason_required` (422)."""
    engagement = selectors.engagement_get_for_talent(user=request.user, engagement_id=engagement_id)
    item = services.due_date_change_request(
        talent=request.user, engagement=engagement, new_date=payload.due_date, reason=payload.reason
    )
    item.engagement.refresh_from_db()
    return Status(201, request_to_dict(item))


@router.get("/due-date-requests/{request_id}", response={200: DueDateRequestOut, **ERRORS})
def due_date_request_detail(request: AuthedRequest, request_id: uuid.UUID):
    """One due-date request, for its talent or a member of the engagement's organization."""
    item, _ = selectors.due_date_request_get_for_user(user=request.user, request_id=request_id)
    return request_to_dict(item)


def _decide(request: AuthedRequest, request_id: uuid.UUID, accept: bool) -> dict[str, Any]:
    item, side = selectors.due_date_request_get_for_user(user=request.user, request_id=request_id)
    if side != "company":
        raise PermissionDenied(gettext("Only the company decides on a due-date request."), code="company_decides")
    item = services.due_date_change_decide(actor=request.user, request=item, accept=accept)
    item.engagement.refresh_from_db()
    return request_to_dict(item)


@router.post("/due-date-requests/{request_id}/accept", response={200: DueDateRequestOut, **ERRORS_ALL})
def due_date_request_accept(request: AuthedRequest, request_id: uuid.UUID):
    """Company: accept the new due date. The engagement's due date moves; held funds do not change
    (`engagement_changed` when the engagement closed or its due date moved meanwhile)."""
    return _decide(request, request_id, True)


@router.post("/due-date-requests/{request_id}/decline", response={200: DueDateRequestOut, **ERRORS_ALL})
def due_date_request_decline(request: AuthedRequest, request_id: uuid.UUID):
    """Company: decline the new due date; the current one stays."""
    return _decide(request, request_id, False)
