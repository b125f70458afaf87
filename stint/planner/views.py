"""HTML pages of the planner. They call the same selectors and services as the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from stint.core.errors import ApplicationError, NotFound
from stint.core.formatting import format_date
from stint.core.types import AuthedRequest
from stint.planner import ical, load, selectors, services
from stint.planner.chart import chart_geometry
from stint.planner.choices import WEEKDAY_NAMES, DueDateRequestStatus
from stint.planner.forms import DueDateRequestForm, PatternForm
from stint.planner.models import CalendarFeed, CapacityPattern


def talent_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in talent only: anonymous users go to the login page, other roles get 403."""

    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", None) != "talent":
            raise DjangoPermissionDenied(gettext("The planner is for talent accounts."))
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _pattern_initial(user: Any, capacity: load.Capacity) -> dict[str, Decimal]:
    return {
        name.lower(): (Decimal(m) / 60).quantize(Decimal("0.01"))
        for name, m in zip(WEEKDAY_NAMES, capacity.weekday_minutes, strict=True)
    }


def _planner_context(request: HttpRequest, *, weeks: int = 8, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    workload = selectors.workload_for_talent(user, weeks=weeks)
    at_risk = {r.item.id: r for r in workload.at_risk}
    pending = selectors.pending_due_date_requests([e.pk for e in workload.engagements])
    remaining = {item.id: item.remaining_minutes for item in workload.committed}
    rows = []
    for engagement in workload.engagements:
        key = str(engagement.pk)
        risk = at_risk.get(key)
        rows.append(
            {
                "engagement": engagement,
                "remaining_hours": load.minutes_to_hours(remaining.get(key, 0)),
                "at_risk": risk,
                "available_hours": load.minutes_to_hours(risk.available_minutes) if risk else None,
                "pending": pending.get(key),
                "form": extra.get("forms", {}).get(key) or DueDateRequestForm(engagement=engagement),
            }
        )
    has_pattern = CapacityPattern.objects.filter(user_id=user.pk).exists()
    feed = CalendarFeed.objects.filter(user_id=user.pk).first()
    return {
        "workload": workload,
        "chart": chart_geometry(workload.weeks),
        "rows": rows,
        "at_risk_rows": [r for r in rows if r["at_risk"]],
        "offers": workload.offers,
        "weekly_hours": load.minutes_to_hours(workload.capacity.weekly_minutes),
        "has_pattern": has_pattern,
        "pattern_form": extra.get("pattern_form") or PatternForm(initial=_pattern_initial(user, workload.capacity)),
        "pattern_days": WEEKDAY_NAMES,
        "calendar_url": request.build_absolute_uri(f"/planner/calendar/{feed.token}.ics") if feed else "",
    }


@talent_required
def planner_home(request: HttpRequest) -> HttpResponse:
    """The weekly-load planner: capacity, chart and table, engagements, at-risk warnings, calendar."""
    return render(request, "planner/planner.html", _planner_context(request))


@talent_required
@require_POST
def pattern_update(request: AuthedRequest) -> HttpResponse:
    """Save (or clear) the hours per weekday."""
    if request.POST.get("clear"):
        services.capacity_pattern_set(user=request.user, weekday_minutes=None)
        messages.success(request, gettext("Your weekly hours are split evenly over the week again."))
        return redirect("planner:home")
    form = PatternForm(request.POST)
    if form.is_valid():
        try:
            services.capacity_pattern_set(user=request.user, weekday_minutes=form.minutes())
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("Your hours per weekday are saved; the plan is updated."))
            return redirect("planner:home")
    return render(request, "planner/planner.html", _planner_context(request, pattern_form=form), status=422)


@talent_required
@require_POST
def calendar_rotate(request: AuthedRequest) -> HttpResponse:
    """Create the feed URL (first use) or replace it (the old one stops working)."""
    if request.POST.get("create"):
        services.calendar_feed_get_or_create(user=request.user)
        messages.success(request, gettext("Your calendar URL is ready. Add it to your calendar app."))
    else:
        services.calendar_feed_rotate(user=request.user)
        messages.success(request, gettext("Your calendar URL was replaced; the old one no longer works."))
    return redirect("planner:home")


@talent_required
def due_date_request_new(request: AuthedRequest, engagement_id: Any) -> HttpResponse:
    """Ask for a new due date for one of the talent's engagements."""
    engagement = selectors.engagement_get_for_talent(user=request.user, engagement_id=engagement_id)
    form = DueDateRequestForm(request.POST or None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.due_date_change_request(
                talent=request.user,
                engagement=engagement,
                new_date=form.cleaned_data["due_date"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            placed = False
            for error in exc.errors:
                if error.get("field") in form.fields:
                    form.add_error(error["field"], error["message"])
                    placed = True
            if not placed:
                form.add_error(None, exc.message)
        else:
            messages.success(request, gettext("Your request was sent to the company."))
            return redirect("planner:due_date_request", request_id=item.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "planner/due_date_request_new.html",
        {"engagement": engagement, "form": form, "latest": services.max_due_date(engagement)},
        status=status,
    )


@login_required
def due_date_request_detail(request: AuthedRequest, request_id: Any) -> HttpResponse:
    """One due-date request: the company accepts or declines; the talent follows it."""
    item, side = selectors.due_date_request_get_for_user(user=request.user, request_id=request_id)
    return render(
        request,
        "planner/due_date_request.html",
        {"item": item, "side": side, "engagement": item.engagement, "S": DueDateRequestStatus},
    )


@login_required
@require_POST
def due_date_request_decide(request: AuthedRequest, request_id: Any, decision: str) -> HttpResponse:
    """Company: accept or decline (POST). The talent and outsiders get 404."""
    if decision not in ("accept", "decline"):
        raise Http404
    item, side = selectors.due_date_request_get_for_user(user=request.user, request_id=request_id)
    if side != "company":
        raise NotFound(gettext("Due-date request not found."))
    services.due_date_change_decide(actor=request.user, request=item, accept=decision == "accept")
    if decision == "accept":
        messages.success(
            request, gettext("The due date is now %(date)s.") % {"date": format_date(item.proposed_due_date)}
        )
    else:
        messages.success(request, gettext("You declined the new due date; the current one stays."))
    return redirect("planner:due_date_request", request_id=item.pk)


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed at its secret URL (no login; a rotated token is a 404)."""
    try:
        feed = selectors.calendar_feed_by_token(token)
    except NotFound:
        raise Http404("Calendar not found.") from None
    body = ical.feed_for_user(feed.user, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stint.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
