"""The figures of the explore pages, as pure functions over plain values (tested on hand-computed data).

* A **median** of integers is an integer: the middle value of an odd count; for an even count the
  mean of the two middle values, rounded half up (``(a + b + 1) // 2``), so money stays in whole
  minor units.
* Money is summarised **per currency**, never converted: a field with USD and EUR projects shows
  two rows.
* The **effective hourly rate** of a project is its fee divided by its estimated hours, rounded
  down, as ``Project.hourly_rate_minor`` computes it.
* The **duration** of a project is the number of calendar days from its start date to its due date,
  both included.
* The **trend** counts projects by the week (Monday 00:00 to the next Monday 00:00, UTC) they were
  published in, for the 12 weeks ending with the current one (the last bucket is the week so far).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel import dates as babel_dates

from stint.core.formatting import babel_locale
from stint.core.money import Money

TREND_WEEKS = 12


def median_int(values: Sequence[int]) -> int:
    """The median of ``values`` (not empty), in whole units, an even count's halves rounded half up."""
    if not values:
        raise ValueError("median of nothing")
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid] + 1) // 2


@dataclass(frozen=True)
class IntSummary:
    count: int
    median: int
    low: int
    high: int


def summarize(values: Sequence[int]) -> IntSummary | None:
    if not values:
        return None
    return IntSummary(count=len(values), median=median_int(values), low=min(values), high=max(values))


@dataclass(frozen=True)
class MoneySummary:
    """Median and range of one currency's amounts (integer minor units)."""

    currency: str
    count: int
    median: Money
    low: Money
    high: Money


def money_summaries(pairs: Iterable[tuple[int, str]]) -> list[MoneySummary]:
    """(amount_minor, currency) pairs → one summary per currency, the most frequent currency first."""
    by_currency: dict[str, list[int]] = {}
    for amount, currency in pairs:
        by_currency.setdefault(currency, []).append(int(amount))
    out = []
    for currency, amounts in by_currency.items():
        s = summarize(amounts)
        assert s is not None
        out.append(
            MoneySummary(
                currency=currency,
                count=s.count,
                median=Money(s.median, currency),
                low=Money(s.low, currency),
                high=Money(s.high, currency),
            )
        )
    return sorted(out, key=lambda m: (-m.count, m.currency))


def hourly_rate_minor(fee_minor: int, hours: int) -> int:
    return fee_minor // hours if hours else 0


def duration_days(start: datetime.date, due: datetime.date) -> int:
    return (due - start).days + 1


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekBucket:
    start: datetime.date
    count: int

    @property
    def label(self) -> str:
        """The week's Monday as day and short month, in the active language ("07 Dec", "07 déc.")."""
        return babel_dates.format_date(self.start, "dd MMM", locale=babel_locale())


def trend_week_starts(today: datetime.date, weeks: int = TREND_WEEKS) -> list[datetime.date]:
    """The Mondays of the ``weeks`` weeks ending with ``today``'s week, oldest first."""
    last = week_start(today)
    return [last - datetime.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def utc_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
