"""Reminders of the planner: due-date reminders 72 and 24 hours ahead and at-risk notices, each
claimed once (``ReminderSent``) and sent at a sensible hour of the talent's day
(``REMINDER_LOCAL_HOURS`` in their zone, docs/planner.md)."""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from stint.core.formatting import format_date
from stint.core.timezones import end_of_day, get_zone
from stint.engagements.models import Engagement
from stint.planner import load, selectors
from stint.planner.choices import ReminderKind
from stint.planner.models import ReminderSent

# The shared check, re-exported for the guard rails in the applications services.
from stint.planner.selectors import format_hours
from stint.planner.services import _notify


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
