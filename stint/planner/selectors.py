"""Reads of the planner: the talent's capacity and load items from the database, and the objects a
user may see. The arithmetic lives in ``stint.planner.load`` (pure functions)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext

from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.core.errors import NotFound, PermissionDenied
from stint.core.formatting import babel_locale
from stint.core.types import Actor, User
from stint.engagements.choices import WORKING_STATUSES, EngagementStatus
from stint.engagements.models import ChangeRequest, Engagement, Submission, TimeEntry
from stint.organizations.selectors import user_is_member
from stint.planner import load
from stint.planner.choices import DueDateRequestStatus
from stint.planner.models import CalendarFeed, CapacityPattern, DueDateChangeRequest
from stint.talent.models import TalentProfile

# Engagements whose remaining hours are committed load: the engagements app's working group.
COMMITTED_STATUSES = WORKING_STATUSES


def default_weekly_hours() -> int:
    return settings.PLANNER_DEFAULT_WEEKLY_HOURS


def minimum_minutes_per_change_request() -> int:
    """An engagement with open change requests keeps at least this much work per open round, even
    when the hours logged already reach the estimate."""
    return settings.PLANNER_MIN_MINUTES_PER_CHANGE_REQUEST


def ensure_talent(user: Actor) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotFound(gettext("Not found."))
    if getattr(user, "role", None) != "talent":
        raise PermissionDenied(gettext("The planner is for talent accounts."), code="talent_role_required")


def _profile(user: User) -> Any:
    return TalentProfile.objects.filter(user_id=user.pk).prefetch_related("blocked_periods").first()


def talent_timezone(user: User, profile: Any = None) -> str:
    profile = profile if profile is not None else _profile(user)
    return (getattr(profile, "timezone", "") or "UTC") if profile is not None else "UTC"


def talent_today(user: User, now: datetime.datetime | None = None, profile: Any = None) -> datetime.date:
    """Today in the talent's IANA time zone."""
    return load.today_in(talent_timezone(user, profile), now or timezone.now())


def talent_capacity(user: User, profile: Any = None) -> load.Capacity:
    """Weekday pattern (own model) or the profile's weekly hours split evenly; blocked periods."""
    profile = profile if profile is not None else _profile(user)
    return capacity_from(profile, CapacityPattern.objects.filter(user_id=user.pk).first())


def capacity_from(profile: Any, pattern: CapacityPattern | None) -> load.Capacity:
    """The capacity of a talent from their loaded profile (blocked periods prefetched) and weekday
    pattern: the pattern if any, else the profile's weekly hours split evenly."""
    blocked = []
    weekly = default_weekly_hours()
    if profile is not None:
        weekly = profile.weekly_hours
        for period in profile.blocked_periods.all():
            reduced = period.capacity_hours
            blocked.append(
                load.Blocked(
                    start=period.start,
                    end=period.end,
                    reason=period.reason,
                    reduced_weekly_minutes=None if reduced is None else int(reduced) * load.MINUTES_PER_HOUR,
                )
            )
    if pattern is not None:
        return load.Capacity(pattern.minutes, tuple(blocked))
    return load.Capacity.from_weekly_hours(weekly, blocked)


def _logged_minutes(engagement_ids: list[Any]) -> dict[Any, int]:
    if not engagement_ids:
        return {}
    rows = TimeEntry.objects.filter(engagement_id__in=engagement_ids).values("engagement_id").annotate(m=Sum("minutes"))
    return {row["engagement_id"]: int(row["m"] or 0) for row in rows}


def _open_change_requests(engagement_ids: list[Any]) -> dict[Any, int]:
    """Change requests not yet answered by a later submission (round r is answered by submission r+1)."""
    if not engagement_ids:
        return {}
    rows = Submission.objects.filter(engagement_id__in=engagement_ids).values("engagement_id").annotate(r=Max("round"))
    latest_submission: dict[Any, int] = {row["engagement_id"]: int(row["r"] or 0) for row in rows}
    counts: dict[Any, int] = {}
    for engagement_id, round_ in ChangeRequest.objects.filter(engagement_id__in=engagement_ids).values_list(
        "engagement_id", "round"
    ):
        if round_ >= latest_submission.get(engagement_id, 0):
            counts[engagement_id] = counts.get(engagement_id, 0) + 1
    return counts


def committed_engagements(user: User) -> list[Any]:
    return list(
        Engagement.objects.filter(talent_id=user.pk, status__in=COMMITTED_STATUSES)
        .select_related("project", "project__organization")
        .order_by("due_date", "created_at")
    )


def committed_items(user: User | None, engagements: list[Any] | None = None) -> list[load.LoadItem]:
    """Active and changes-requested engagements: estimate minus hours logged, never below the
    minimum per open change request."""
    if engagements is None:
        if user is None:
            raise ValueError("committed_items needs the talent or their engagements")
        engagements = committed_engagements(user)
    ids = [e.pk for e in engagements]
    logged = _logged_minutes(ids)
    open_crs = _open_change_requests(ids)
    items = []
    for engagement in engagements:
        estimate = int(engagement.project.estimated_hours) * load.MINUTES_PER_HOUR
        remaining = max(0, estimate - logged.get(engagement.pk, 0))
        if engagement.status == EngagementStatus.CHANGES_REQUESTED:
            floor = max(1, open_crs.get(engagement.pk, 0)) * minimum_minutes_per_change_request()
            remaining = max(remaining, floor)
        items.append(
            load.LoadItem(
                kind="engagement",
                id=str(engagement.pk),
                title=engagement.project.title,
                remaining_minutes=remaining,
                due=engagement.due_date,
                start=engagement.project.start_date,
            )
        )
    return items


def offered_applications(user: Actor, now: datetime.datetime | None = None) -> list[Any]:
    now = now or timezone.now()
    return [
        a
        for a in Application.objects.filter(talent_id=user.pk, status=ApplicationStatus.OFFERED)
        .select_related("project", "project__organization")
        .order_by("project__due_date")
        if a.offer_expires_at is None or a.offer_expires_at > now
    ]


def tentative_items(user: Actor | None, applications: list[Any] | None = None) -> list[load.LoadItem]:
    """Offers awaiting the talent's answer: the project's whole estimate, as tentative load
    (``applications`` when the caller loaded them already, for one talent or many)."""
    if applications is None:
        applications = offered_applications(user) if user is not None else []
    return [
        load.LoadItem(
            kind="application",
            id=str(a.pk),
            title=a.project.title,
            remaining_minutes=int(a.project.estimated_hours) * load.MINUTES_PER_HOUR,
            due=a.project.due_date,
            start=a.project.start_date,
            tentative=True,
        )
        for a in applications
    ]


def project_item(project: Any) -> load.LoadItem:
    return load.LoadItem(
        kind="project",
        id=str(project.pk),
        title=project.title,
        remaining_minutes=int(project.estimated_hours) * load.MINUTES_PER_HOUR,
        due=project.due_date,
        start=project.start_date,
    )


@dataclass
class Workload:
    today: datetime.date
    timezone: str
    capacity: load.Capacity
    weeks: list[load.Week]
    committed: list[load.LoadItem]
    tentative: list[load.LoadItem]
    at_risk: list[load.AtRisk]
    engagements: list[Any]
    offers: list[Any]
    has_profile: bool

    @property
    def at_risk_keys(self) -> set[str]:
        return {r.item.key for r in self.at_risk}


def workload_for_talent(user: User, weeks: int = 8, today: datetime.date | None = None) -> Workload:
    """The talent's weekly plan: ``weeks`` ISO weeks from the current one (in their time zone)."""
    profile = _profile(user)
    tz = talent_timezone(user, profile)
    today = today or load.today_in(tz, timezone.now())
    capacity = talent_capacity(user, profile)
    engagements = committed_engagements(user)
    offers = offered_applications(user)
    committed = committed_items(user, engagements)
    tentative = tentative_items(user, offers)
    return Workload(
        today=today,
        timezone=tz,
        capacity=capacity,
        weeks=load.weekly_load(capacity, [*committed, *tentative], today, weeks),
        committed=committed,
        tentative=tentative,
        at_risk=load.at_risk_items(capacity, committed, today),
        engagements=engagements,
        offers=offers,
        has_profile=profile is not None,
    )


def capacity_check(user: User, project: Any, today: datetime.date | None = None) -> list[load.WeekOverload]:
    """THE capacity check: the weeks that taking on ``project`` would push over the talent's capacity.

    Used by the apply warning, the accept refusal (``over_capacity``) and, later, by the
    recommendations to favour projects that fit. Existing load = committed engagements (active,
    changes requested) other than one on this same project; offers are not commitments and do not
    count. Empty list: it fits."""
    profile = _profile(user)
    today = today or talent_today(user, profile=profile)
    capacity = talent_capacity(user, profile)
    engagements = [e for e in committed_engagements(user) if e.project_id != project.pk]
    existing = committed_items(user, engagements)
    return load.fits(capacity, existing, project_item(project), today)


def projects_fitting_free_hours(user: User, projects: list[Any], today: datetime.date | None = None) -> list[Any]:
    """The ids of ``projects`` (with ``pk``, ``title``, ``estimated_hours``, ``start_date``,
    ``due_date``) that ``capacity_check`` would let the talent take on: the "fits my free hours"
    search filter. The committed load is spread once, then each project is checked against it."""
    profile = _profile(user)
    today = today or talent_today(user, profile=profile)
    capacity = talent_capacity(user, profile)
    existing: dict[datetime.date, int] = {}
    for item in committed_items(user, committed_engagements(user)):
        for monday, minutes in load._minutes_by_week(load.spread_item(item, capacity, today)).items():
            existing[monday] = existing.get(monday, 0) + minutes
    fitting = []
    for project in projects:
        weeks = load._minutes_by_week(load.spread_item(project_item(project), capacity, today))
        if all(
            minutes <= 0 or existing.get(monday, 0) + minutes <= load.week_capacity(capacity, monday, today)
            for monday, minutes in weeks.items()
        ):
            fitting.append(project.pk)
    return fitting


def format_hours(minutes: int) -> str:
    """Minutes as hours with one decimal in the active language: 90 → "1.5" / "1,5"."""
    from babel.numbers import format_decimal

    return format_decimal(load.minutes_to_hours(int(minutes)), format="#,##0.0", locale=babel_locale())


def overload_message(overloads: list[load.WeekOverload]) -> str:
    """A sentence naming each week and its numbers (for warnings, refusals and the audit log)."""
    parts = [
        gettext("the week of %(week)s would have %(load)s h of work for %(capacity)s h of capacity")
        % {
            "week": o.week_start.isoformat(),  # ISO: clients find the week in the text
            "load": format_hours(o.load_minutes),
            "capacity": format_hours(o.capacity_minutes),
        }
        for o in overloads
    ]
    return "; ".join(parts)


def daily_plan_for_talent(user: User, today: datetime.date | None = None) -> dict[str, Any]:
    profile = _profile(user)
    tz = talent_timezone(user, profile)
    today = today or load.today_in(tz, timezone.now())
    capacity = talent_capacity(user, profile)
    engagements = committed_engagements(user)
    items = committed_items(user, engagements)
    by_id = {str(e.pk): e for e in engagements}
    risky = {r.item.key: r for r in load.at_risk_items(capacity, items, today)}
    entries = []
    for entry in load.daily_plan(capacity, items, today):
        risk = risky.get(entry.item.key)
        entries.append(
            {
                "engagement": by_id.get(entry.item.id),
                "engagement_id": entry.item.id,
                "title": entry.item.title,
                "minutes": entry.minutes_today,
                "hours": load.minutes_to_hours(entry.minutes_today),
                "due_date": entry.item.due,
                "remaining_minutes": entry.item.remaining_minutes,
                "at_risk": entry.at_risk,
                "available_minutes": risk.available_minutes if risk else None,
            }
        )
    return {
        "date": today,
        "timezone": tz,
        "capacity_minutes": capacity.day(today),
        "blocked": capacity.is_blocked(today),
        "entries": entries,
        "total_minutes": sum(e["minutes"] for e in entries),
    }


# --- Objects addressed by id ----------------------------------------------------------------------


def engagement_get_for_talent(*, user: Actor, engagement_id: Any) -> Any:
    engagement = (
        Engagement.objects.filter(pk=engagement_id, talent_id=getattr(user, "pk", None))
        .select_related("project", "project__organization", "talent")
        .first()
    )
    if engagement is None or not getattr(user, "is_authenticated", False):
        raise NotFound(gettext("Engagement not found."))
    return engagement


def user_is_org_member(user: Actor, organization_id: Any) -> bool:
    return bool(user.is_authenticated) and user_is_member(user=user, organization_id=organization_id)


def due_date_request_get_for_user(*, user: Actor, request_id: Any) -> tuple[DueDateChangeRequest, str]:
    """The request and the viewer's side (``talent`` or ``company``); 404 for anyone else."""
    if not user.is_authenticated:
        raise NotFound(gettext("Due-date request not found."))
    request = (
        DueDateChangeRequest.objects.filter(pk=request_id)
        .select_related("engagement", "engagement__project", "engagement__project__organization", "requested_by")
        .first()
    )
    if request is None:
        raise NotFound(gettext("Due-date request not found."))
    if request.engagement.talent_id == user.pk:
        return request, "talent"
    if user_is_org_member(user, request.engagement.project.organization_id):
        return request, "company"
    raise NotFound(gettext("Due-date request not found."))


def due_date_requests_for_engagement(engagement: Any) -> list[DueDateChangeRequest]:
    return list(DueDateChangeRequest.objects.filter(engagement=engagement).select_related("requested_by"))


def pending_due_date_requests(engagement_ids: list[Any]) -> dict[str, DueDateChangeRequest]:
    return {
        str(r.engagement_id): r
        for r in DueDateChangeRequest.objects.filter(
            engagement_id__in=engagement_ids, status=DueDateRequestStatus.PENDING
        )
    }


def calendar_feed_by_token(token: str) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first() if token else None
    if feed is None or not feed.user.is_active:
        raise NotFound(gettext("Calendar not found."))
    return feed
