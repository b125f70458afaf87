"""Writes of the planner: weekday pattern, overload acknowledgement, calendar token, due-date change
requests and reminders. ``capacity_check`` (the one load check) lives in ``selectors`` and is
re-exported here because the guard rails call it from the applications services."""

from __future__ import annotations

import datetime
import functools
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
from stint.core.timezones import end_of_day, get_zone
from stint.core.types import Actor, User
from stint.engagements.models import Engagement
from stint.notifications.services import in_language_of, notify
from stint.organizations.models import Membership
from stint.planner import load, selectors
from stint.planner.choices import DueDateRequestStatus, ReminderKind
from stint.planner.models import MAX_DAY_MINUTES, CalendarFeed, CapacityPattern, DueDateChangeRequest, ReminderSent

# The shared check, re-exported for the guard rails in the applications services.
from stint.planner.selectors import capacity_check, format_hours, overload_message

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
    errors = []
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


def _claim_reminder(engagement_id: Any, kind: str) -> bool:
    """Insert the ReminderSent row; False when another run already sent this reminder."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(engagement_id=engagement_id, kind=kind)
    except IntegrityError:
        return False
    return True


# Reminders reach people at a sensible hour of THEIR day: from 09:00 to 18:00 in the talent's time
# zone (docs/planner.md, "Reminders"). Outside it a reminder waits for the next 09:00, unless that
# would be after the due moment: then it goes at once.
REMINDER_LOCAL_HOURS = (9, 18)


def _due_instant(due: datetime.date, project_zone: str) -> datetime.datetime:
    """The end of the due date in the PROJECT's zone (the moment just after 23:59:59 there): a due
    date means the same instant for the company and the talent (docs/projects.md)."""
    return end_of_day(due, get_zone(project_zone)) + datetime.timedelta(seconds=1)


def reminder_hour_ok(now: datetime.datetime, tz: str, deadline: datetime.datetime | None = None) -> bool:
    """Whether a reminder may go now to someone in ``tz``: inside ``REMINDER_LOCAL_HOURS`` of their
    day, or when waiting for the next start of those hours would miss ``deadline``."""
    zone = get_zone(tz)
    local = now.astimezone(zone)
    first, last = REMINDER_LOCAL_HOURS
    if first <= local.hour < last:
        return True
    if deadline is None:
        return False
    day = local.date() if local.hour < first else local.date() + datetime.timedelta(days=1)
    next_start = datetime.datetime.combine(day, datetime.time(first), tzinfo=zone)
    return next_start >= deadline


def _due_kind(engagement: Any, tz: str, now: datetime.datetime) -> ReminderKind | None:
    """The due reminder this engagement is in the window of (24 h, else 72 h), if any."""
    left = _due_instant(engagement.due_date, engagement.project.time_zone) - now
    if left <= datetime.timedelta(0):
        return None
    if left <= datetime.timedelta(hours=24):
        return ReminderKind.DUE_24H
    if left <= datetime.timedelta(hours=72):
        return ReminderKind.DUE_72H
    return None


def _send_due_reminder(engagement: Any, talent: Any, tz: str, now: datetime.datetime) -> ReminderKind | None:
    """Claim and send this engagement's due reminder; the kind sent, or None when none is due or it
    was sent before."""
    kind = _due_kind(engagement, tz, now)
    if kind is None:
        return None
    if not reminder_hour_ok(now, tz, _due_instant(engagement.due_date, engagement.project.time_zone)):
        return None  # the next run inside the talent's daytime sends it
    with transaction.atomic():
        if not _claim_reminder(engagement.pk, f"{kind.value}:{engagement.due_date.isoformat()}"):
            return None
        _notify(
            [talent],
            event=f"reminder.{kind.value}",
            texts=lambda: (
                (
                    gettext("%(project)s is due in less than 24 hours")
                    if kind == ReminderKind.DUE_24H
                    else gettext("%(project)s is due in less than 72 hours")
                )
                % {"project": engagement.project.title},
                gettext(
                    "The due date is %(date)s (end of the day, %(zone)s) and nothing has been submitted yet. "
                    "Submit your work, or ask the company for a new due date now."
                )
                % {"date": format_date(engagement.due_date), "zone": engagement.project.time_zone},
            ),
            url=f"/engagements/{engagement.pk}/",
        )
    return kind


def _at_risk_texts(engagement: Any, risk: Any) -> tuple[str, str]:
    return (
        gettext("%(project)s is at risk") % {"project": engagement.project.title},
        gettext(
            "%(remaining)s h of work remain but only %(available)s h of your capacity is left before "
            "%(date)s. Ask the company for a new due date early."
        )
        % {
            "remaining": format_hours(risk.remaining_minutes),
            "available": format_hours(risk.available_minutes),
            "date": format_date(engagement.due_date),
        },
    )


def _send_at_risk_reminders(
    engagement_list: list[Any], talent: Any, profile: Any, tz: str, now: datetime.datetime
) -> int:
    """Claim and send an at-risk reminder for each engagement the talent's capacity cannot finish
    (only in the talent's daytime: the next run inside it sends what waits)."""
    if not reminder_hour_ok(now, tz):
        return 0
    today = load.today_in(tz, now)
    capacity = selectors.talent_capacity(talent, profile)
    items = selectors.committed_items(talent, engagement_list)
    by_id = {str(e.pk): e for e in engagement_list}
    sent = 0
    for risk in load.at_risk_items(capacity, items, today):
        engagement = by_id[risk.item.id]
        with transaction.atomic():
            if not _claim_reminder(engagement.pk, f"{ReminderKind.AT_RISK.value}:{engagement.due_date.isoformat()}"):
                continue
            _notify(
                [talent],
                event="reminder.at_risk",
                texts=functools.partial(_at_risk_texts, engagement, risk),
                url="/planner/",
            )
            sent += 1
    return sent


def reminders_send(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send due reminders (72 h and 24 h before the end of the due date in the project's zone, while
    no submission is in: status active or changes requested) and at-risk reminders, each between
    09:00 and 18:00 in the talent's zone (``reminder_hour_ok``: a due reminder that cannot wait for
    the morning goes at once).

    Each reminder is claimed by inserting a ``ReminderSent`` row (unique per engagement and kind,
    the kind naming the due date), inside the same transaction as the notification, so running
    this twice, or twice at once, sends each reminder once."""
    now = now or timezone.now()
    sent = {ReminderKind.DUE_72H.value: 0, ReminderKind.DUE_24H.value: 0, ReminderKind.AT_RISK.value: 0}
    horizon = now.date() + datetime.timedelta(days=5)
    engagements = list(
        Engagement.objects.filter(status__in=selectors.COMMITTED_STATUSES)
        .select_related("project", "talent")
        .order_by("talent_id", "due_date")
    )
    by_talent: dict[Any, list[Any]] = {}
    for engagement in engagements:
        by_talent.setdefault(engagement.talent_id, []).append(engagement)
    for engagement_list in by_talent.values():
        talent = engagement_list[0].talent
        profile = selectors._profile(talent)
        tz = selectors.talent_timezone(talent, profile)
        for engagement in engagement_list:
            kind = _send_due_reminder(engagement, talent, tz, now) if engagement.due_date <= horizon else None
            if kind is not None:
                sent[kind.value] += 1
        sent[ReminderKind.AT_RISK.value] += _send_at_risk_reminders(engagement_list, talent, profile, tz, now)
    return sent
