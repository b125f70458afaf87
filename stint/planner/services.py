"""Writes of the planner: weekday pattern, overload acknowledgement, calendar token, due-date change
requests (reminders: ``stint.planner.reminders``). ``capacity_check`` (the one load check) lives in ``selectors`` and is
re-exported here because the guard rails call it from the applications services."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, ValidationFailed
from stint.core.formatting import format_date
from stint.core.types import Actor, User
from stint.engagements.models import Engagement
from stint.notifications.services import in_language_of, notify
from stint.organizations.models import Membership
from stint.planner import load, selectors
from stint.planner.choices import DueDateRequestStatus
from stint.planner.models import MAX_DAY_MINUTES, CalendarFeed, CapacityPattern, DueDateChangeRequest

# The shared check, re-exported for the guard rails in the applications services.
from stint.planner.selectors import capacity_check, overload_message

S = DueDateRequestStatus

MAX_REASON_CHARS = 2_000


def _notify(users: list[Any], *, event: str, texts: Callable[[], tuple[str, str]], url: str) -> None:
    """Notify each of ``users``; ``texts()`` returns (title, body) and runs in each one's language."""
    for user in users:
        with in_language_of(user):
            title, body = texts()
            notify(user=user, event=event, title=title, body=body, url=url)


def _org_members(organization_id: Any) -> list[Any]:
    return [m.user for m in Membership.objects.filter(organization_id=organization_id).select_related("user")]


# --- Capacity ---------------------------------------------------------------------------------------


def capacity_pattern_set(*, user: User, weekday_minutes: list[int] | None) -> CapacityPattern | None:
    """Set (or, with None, remove) the talent's minutes per weekday, Monday first."""
    selectors.ensure_talent(user)
    if weekday_minutes is None:
        CapacityPattern.objects.filter(user_id=user.pk).delete()
        audit_log(user, "planner.pattern_removed", user, {})
        return None
    values = [int(m) for m in weekday_minutes]
    if len(values) != 7 or any(m < 0 or m > MAX_DAY_MINUTES for m in values):
        raise ValidationFailed(
            gettext("Give seven daily amounts, Monday first, each between 0 and %(max)s hours.")
            % {"max": MAX_DAY_MINUTES // 60},
            code="invalid_weekday_pattern",
            errors=[
                {
                    "field": "weekday_hours",
                    "message": gettext("Seven values from 0 to %(max)s hours.") % {"max": MAX_DAY_MINUTES // 60},
                }
            ],
        )
    pattern, _ = CapacityPattern.objects.update_or_create(
        user_id=user.pk, defaults=dict(zip(CapacityPattern.DAYS, values, strict=True))
    )
    audit_log(user, "planner.pattern_updated", user, {"weekday_minutes": values})
    return pattern


def capacity_override_record(*, user: Actor, application: Any, overloads: list[load.WeekOverload]) -> None:
    """The talent explicitly accepted the stated overload: record it (audit ``planner.overload_accepted``)."""
    audit_log(
        user,
        "planner.overload_accepted",
        application,
        {
            "project": str(application.project_id),
            "weeks": [o.as_dict() for o in overloads],
            "message": overload_message(overloads),
        },
    )


def over_capacity_error(overloads: list[load.WeekOverload]) -> Conflict:
    """The refusal of the accept guard rail, with the numbers (``extra.weeks``)."""
    return Conflict(
        gettext(
            "Accepting this offer would overload you: %(weeks)s. "
            "Tick “I accept this overload” (API: accept_overload: true) to accept anyway."
        )
        % {"weeks": overload_message(overloads)},
        code="over_capacity",
        status=409,
        extra={"weeks": [o.as_dict() for o in overloads]},
    )


def capacity_warnings(*, user: User, project: Any) -> list[dict[str, Any]]:
    """The apply warning: one entry per week the project would push over capacity if hired."""
    try:
        overloads = capacity_check(user, project)
    except Exception:  # a warning must never stop an application from being sent
        import logging

        logging.getLogger(__name__).exception("capacity check failed for the apply warning")
        return []
    return [{"code": "over_capacity", "message": overload_message([o]), **o.as_dict()} for o in overloads]


# --- Calendar feed ----------------------------------------------------------------------------------


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def calendar_feed_get_or_create(*, user: User) -> CalendarFeed:
    """The talent's feed token, created on first use."""
    selectors.ensure_talent(user)
    feed = CalendarFeed.objects.filter(user_id=user.pk).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            feed = CalendarFeed.objects.create(user_id=user.pk, token=_new_token())
    except IntegrityError:
        return CalendarFeed.objects.get(user_id=user.pk)
    audit_log(user, "planner.calendar_created", feed, {})
    return feed


def calendar_feed_rotate(*, user: User) -> CalendarFeed:
    """Replace the token: the old URL stops working at once."""
    feed = calendar_feed_get_or_create(user=user)
    CalendarFeed.objects.filter(pk=feed.pk).update(token=_new_token(), rotated_at=timezone.now())
    feed.refresh_from_db()
    audit_log(user, "planner.calendar_rotated", feed, {})
    return feed


# --- Due-date change requests -----------------------------------------------------------------------


def due_date_request_url(request: DueDateChangeRequest) -> str:
    return f"/planner/due-date-requests/{request.pk}/"


def max_due_date(engagement: Any) -> datetime.date:
    """The latest due date a request may propose: the platform's size rule (8 weeks after start)."""
    weeks = settings.PLANNER_MAX_WEEKS_AFTER_START
    return engagement.project.start_date + datetime.timedelta(weeks=weeks)


def _due_date_request_errors(
    *, talent: User, engagement: Any, new_date: datetime.date | None, reason: str
) -> list[tuple[str, str, str]]:
    """``(code, field, message)`` for each thing wrong with a due-date change request."""
    errors: list[tuple[str, str, str]] = []
    if new_date is None:
        errors.append(("due_date_required", "due_date", gettext("Pick the new due date.")))
    elif new_date <= selectors.talent_today(talent):
        errors.append(("due_date_in_past", "due_date", gettext("Pick a date after today.")))
    elif new_date == engagement.due_date:
        errors.append(("due_date_unchanged", "due_date", gettext("Pick a date different from the current due date.")))
    elif new_date > max_due_date(engagement):
        errors.append(
            (
                "due_date_too_late",
                "due_date",
                gettext("Pick a date no later than %(date)s.") % {"date": format_date(max_due_date(engagement))},
            )
        )
    if not reason:
        errors.append(("reason_required", "reason", gettext("Tell the company why (for example an exam).")))
    elif len(reason) > MAX_REASON_CHARS:
        errors.append(
            ("reason_too_long", "reason", gettext("At most %(count)s characters.") % {"count": MAX_REASON_CHARS})
        )
    return errors


def due_date_change_request(
    *, talent: User, engagement: Any, new_date: datetime.date | None, reason: str
) -> DueDateChangeRequest:
    """The talent asks to move an open engagement's due date, with a reason.

    Preconditions: the talent's own engagement (else 404), active or changes requested
    (``engagement_not_open``), a date after today in the talent's zone and different from the
    current one, no later than 8 weeks after the start (``due_date_too_late``), a reason, and no
    other pending request (``due_date_request_pending``, also enforced by a partial unique
    constraint). Notifies the organization's members."""
    if not getattr(talent, "is_authenticated", False) or engagement.talent_id != talent.pk:
        raise NotFound(gettext("Engagement not found."))
    if engagement.status not in selectors.COMMITTED_STATUSES:
        raise Conflict(gettext("Only open engagements can get a new due date."), code="engagement_not_open")
    reason = (reason or "").replace("\x00", "").strip()
    errors = _due_date_request_errors(talent=talent, engagement=engagement, new_date=new_date, reason=reason)
    if errors:
        code, _, message = errors[0]
        raise ValidationFailed(message, code=code, errors=[{"field": f, "message": m} for _, f, m in errors])
    assert new_date is not None
    try:
        with transaction.atomic():
            request = DueDateChangeRequest.objects.create(
                engagement=engagement,
                requested_by=talent,
                previous_due_date=engagement.due_date,
                proposed_due_date=new_date,
                reason=reason,
            )
            audit_log(
                talent,
                "planner.due_date_requested",
                engagement,
                {"request": str(request.pk), "from": str(engagement.due_date), "to": str(new_date), "reason": reason},
            )
            _notify(
                _org_members(engagement.project.organization_id),
                event="engagement.due_date_requested",
                texts=lambda: (
                    gettext("%(talent)s asks to move the due date of %(project)s")
                    % {"talent": talent, "project": engagement.project.title},
                    gettext("From %(old)s to %(new)s. Reason: %(reason)s")
                    % {"old": format_date(engagement.due_date), "new": format_date(new_date), "reason": reason},
                ),
                url=due_date_request_url(request),
            )
    except IntegrityError:
        raise Conflict(
            gettext("You already asked for a new due date; wait for the company's answer."),
            code="due_date_request_pending",
        ) from None
    return request


def due_date_change_decide(*, actor: User, request: DueDateChangeRequest, accept: bool) -> DueDateChangeRequest:
    """A member of the engagement's organization accepts or declines a pending request.

    Claims pending → accepted/declined with a conditional update. On accept, the engagement's due
    date moves with a conditional update on (status still open, due date still the one the request
    was made against); otherwise ``engagement_changed`` (409) and nothing changes. Held funds do not
    change: the fee stays the same. The load is recomputed on the next read. Audits and notifies
    the talent and the organization's members."""
    engagement = request.engagement
    if not selectors.user_is_org_member(actor, engagement.project.organization_id):
        raise NotFound(gettext("Due-date request not found."))
    to = S.ACCEPTED if accept else S.DECLINED
    now = timezone.now()
    with transaction.atomic():
        claimed = DueDateChangeRequest.objects.filter(pk=request.pk, status=S.PENDING).update(
            status=to, decided_by=actor, decided_at=now, updated_at=now
        )
        if not claimed:
            current = DueDateChangeRequest.objects.get(pk=request.pk)
            if current.status == to:
                return current
            raise Conflict(
                gettext("This request was already %(status)s.") % {"status": current.get_status_display()},
                code="illegal_transition",
            )
        if accept:
            moved = Engagement.objects.filter(
                pk=engagement.pk, status__in=selectors.COMMITTED_STATUSES, due_date=request.previous_due_date
            ).update(due_date=request.proposed_due_date, updated_at=now)
            if not moved:
                raise Conflict(
                    gettext("The engagement changed since the request was made (it is closed or its due date moved)."),
                    code="engagement_changed",
                )
        audit_log(
            actor,
            f"planner.due_date_{to}",
            engagement,
            {"request": str(request.pk), "from": str(request.previous_due_date), "to": str(request.proposed_due_date)},
        )
        verb = "accepted" if accept else "declined"
        new = request.proposed_due_date if accept else request.previous_due_date
        _notify(
            [engagement.talent, *[u for u in _org_members(engagement.project.organization_id) if u.pk != actor.pk]],
            event=f"engagement.due_date_{verb}",
            texts=lambda: _decision_texts(accept, actor, engagement.project.title, new),
            url=due_date_request_url(request),
        )
    request.refresh_from_db()
    return request


def _decision_texts(accept: bool, actor: Any, project: str, new: datetime.date) -> tuple[str, str]:
    values = {"project": project, "actor": actor, "date": format_date(new)}
    if accept:
        return (
            gettext("New due date for %(project)s accepted") % values,
            gettext("%(actor)s accepted the request. The due date is %(date)s. The fee and held funds are unchanged.")
            % values,
        )
    return (
        gettext("New due date for %(project)s declined") % values,
        gettext("%(actor)s declined the request. The due date is %(date)s. The fee and held funds are unchanged.")
        % values,
    )


# --- Reminders --------------------------------------------------------------------------------------
