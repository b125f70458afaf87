"""Bounds on the time log (docs/engagements.md "Time log bounds").

Three rules, checked by ``time_entry_log`` with the engagement row locked (so two concurrent
entries cannot both pass) and applied again when a company cancellation is settled:

* an entry is 1 minute to 24 hours (``MAX_MINUTES_PER_ENTRY``, also a database constraint);
* one talent's entries on one day of one engagement total at most ``STINT_MAX_HOURS_PER_DAY``
  (default 12, at most 24) → ``daily_limit_exceeded`` (422);
* the engagement's total stays within the project's estimate → ``estimate_exceeded`` (409), unless
  the company approved the overrun (``engagement_overrun_acknowledge`` with ``approve_overrun``);
  reaching the estimate notifies both sides so the company can answer.

``payable_minutes`` is what a cancellation pays for: per day at most the daily cap, in total at
most the estimate (unless the overrun was approved; the pay stays capped at the fee either way),
so rows written before these rules, or by hand, never inflate a settlement.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from stint.core.errors import Conflict, ValidationFailed
from stint.core.formatting import format_date, format_number
from stint.engagements.choices import OverrunDecision
from stint.engagements.models import MAX_MINUTES_PER_ENTRY, TimeEntry


def max_minutes_per_day() -> int:
    """The daily cap in minutes: ``STINT_MAX_HOURS_PER_DAY`` hours, kept within 1 … 24."""
    return max(1, min(24, settings.STINT_MAX_HOURS_PER_DAY)) * 60


def estimate_minutes(engagement: Any) -> int:
    return int(engagement.project.estimated_hours) * 60


def overrun_approved(engagement: Any) -> bool:
    return bool(engagement.overrun_decision == OverrunDecision.APPROVE_OVERRUN)


def _hours(minutes: int) -> str:
    return format_number(Decimal(minutes) / 60)


def day_minutes(*, engagement: Any, talent: Any, date: datetime.date) -> int:
    """Minutes ``talent`` already logged on ``date`` for ``engagement``."""
    total = TimeEntry.objects.filter(engagement_id=engagement.pk, talent_id=talent.pk, date=date).aggregate(
        m=Sum("minutes")
    )["m"]
    return int(total or 0)


def check_new_entry(*, engagement: Any, talent: Any, date: datetime.date, minutes: int, logged: int) -> None:
    """Refuse an entry of ``minutes`` on ``date`` that would break the daily cap or the estimate.

    ``engagement`` must be the locked row (its overrun decision is read from it); ``logged`` is the
    engagement's total so far. Raises ``daily_limit_exceeded`` (422) or ``estimate_exceeded`` (409).
    """
    cap = max_minutes_per_day()
    already = day_minutes(engagement=engagement, talent=talent, date=date)
    if already + minutes > min(cap, MAX_MINUTES_PER_ENTRY):
        left = max(0, cap - already)
        raise ValidationFailed(
            _("At most %(cap)s h per day: %(already)s h are already logged on %(date)s, so you can add %(left)s h.")
            % {"cap": _hours(cap), "already": _hours(already), "date": format_date(date), "left": _hours(left)},
            code="daily_limit_exceeded",
            errors=[
                {
                    "field": "hours",
                    "message": _("At most %(left)s h more on %(date)s.")
                    % {"left": _hours(left), "date": format_date(date)},
                }
            ],
            extra={"max_minutes_per_day": cap, "minutes_already_logged": already},
        )
    estimate = estimate_minutes(engagement)
    if logged + minutes > estimate and not overrun_approved(engagement):
        left = max(0, estimate - logged)
        raise Conflict(
            _(
                "The estimate is %(estimate)s h and %(logged)s h are logged, so you can add %(left)s h. "
                "Beyond the estimate, the company must approve the extra hours first."
            )
            % {"estimate": _hours(estimate), "logged": _hours(logged), "left": _hours(left)},
            code="estimate_exceeded",
            extra={"estimated_minutes": estimate, "logged_minutes": logged},
        )


def payable_minutes(engagement: Any) -> int:
    """The logged minutes a cancellation pays for: each talent-day capped at the daily cap, the total
    capped at the estimate unless the company approved the overrun."""
    cap = max_minutes_per_day()
    per_day: dict[tuple[Any, datetime.date], int] = defaultdict(int)
    rows = (
        TimeEntry.objects.filter(engagement_id=engagement.pk)
        .order_by()
        .values("talent_id", "date")
        .annotate(m=Sum("minutes"))
        .values_list("talent_id", "date", "m")
    )
    for talent_id, date, minutes in rows:
        per_day[(talent_id, date)] += int(minutes or 0)
    total = sum(min(cap, minutes) for minutes in per_day.values())
    if not overrun_approved(engagement):
        total = min(total, estimate_minutes(engagement))
    return total
