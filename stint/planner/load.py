"""The load computation: pure functions, no ORM, integer minutes everywhere.

Vocabulary (docs/planner.md):

* A talent's **capacity** is a number of minutes per calendar day: a weekday pattern (Mon..Sun,
  by default the weekly hours split evenly over the seven days) reduced or zeroed by blocked
  periods. A day of a blocked period without reduced hours is a **blocked day** (zero capacity).
* A **load item** is work with a number of remaining minutes, an optional start date and a due
  date: an engagement (committed), an offer (tentative) or a project the talent considers.
* The **spread** of an item puts its remaining minutes on the days from max(today, start) to its
  due date (both included), proportionally to each day's capacity, never on a blocked day. The
  rounding remainder goes to the days with the largest fractional share, earlier days first, so
  the minutes always sum exactly to what is remaining. When no day of the window has capacity,
  the minutes go evenly to its non-blocked days; when every day is blocked they stay *unplaced*
  and are counted in the week of the due date (they still have to be done by then).
* Weeks are ISO weeks (Monday first). The current week's capacity counts only today and the days
  after it, because work cannot be planned in the past.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MINUTES_PER_HOUR = 60
DAYS_PER_WEEK = 7
ONE_DAY = datetime.timedelta(days=1)


def split_proportionally(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` minutes over ``weights`` proportionally, in integers that sum to ``total``.

    Largest-remainder method: every part gets ``floor(total * w / W)``; the minutes left over go
    one each to the parts with the largest fractional remainder, earlier parts first on ties.
    A zero weight always gets zero. With no positive weight nothing can be placed: all zeros.
    """
    if total < 0:
        raise ValueError("total must not be negative")
    weight_sum = sum(weights)
    if weight_sum <= 0 or total == 0:
        return [0] * len(weights)
    parts = []
    remainders = []
    for index, weight in enumerate(weights):
        if weight < 0:
            raise ValueError("weights must not be negative")
        quotient, remainder = divmod(total * weight, weight_sum)
        parts.append(quotient)
        remainders.append((-remainder, index))
    left = total - sum(parts)
    for _, index in sorted(remainders)[:left]:
        parts[index] += 1
    return parts


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s ISO week."""
    return day - datetime.timedelta(days=day.weekday())


def days_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Every date from ``first`` to ``last``, both included (empty when last < first)."""
    count = (last - first).days + 1
    return [first + datetime.timedelta(days=i) for i in range(max(0, count))]


def even_weekday_pattern(weekly_minutes: int) -> tuple[int, ...]:
    """Weekly minutes split over Monday..Sunday (the remainder goes to the first days)."""
    return tuple(split_proportionally(weekly_minutes, [1] * DAYS_PER_WEEK))


@dataclass(frozen=True)
class Blocked:
    """A blocked period: ``reduced_weekly_minutes`` None (or 0) means no capacity at all."""

    start: datetime.date
    end: datetime.date
    reason: str = ""
    reduced_weekly_minutes: int | None = None

    @property
    def is_zero(self) -> bool:
        return not self.reduced_weekly_minutes

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Capacity:
    """Minutes per day: a weekday pattern (Mon..Sun) and the blocked periods that reduce it."""

    weekday_minutes: tuple[int, ...]
    blocked: tuple[Blocked, ...] = ()

    def __post_init__(self) -> None:
        if len(self.weekday_minutes) != DAYS_PER_WEEK or any(m < 0 for m in self.weekday_minutes):
            raise ValueError("weekday_minutes needs seven non-negative numbers (Monday first)")

    @classmethod
    def from_weekly_hours(cls, weekly_hours: int, blocked: Iterable[Blocked] = ()) -> Capacity:
        return cls(even_weekday_pattern(int(weekly_hours) * MINUTES_PER_HOUR), tuple(blocked))

    @property
    def weekly_minutes(self) -> int:
        return sum(self.weekday_minutes)

    def periods_on(self, day: datetime.date) -> list[Blocked]:
        return [b for b in self.blocked if b.covers(day)]

    def is_blocked(self, day: datetime.date) -> bool:
        """A zero-capacity day of a blocked period (a reduced day is not blocked)."""
        return any(b.is_zero for b in self.periods_on(day))

    def day(self, day: datetime.date) -> int:
        """The capacity of ``day`` in minutes; overlapping periods: the smallest wins."""
        normal = self.weekday_minutes[day.weekday()]
        periods = self.periods_on(day)
        if not periods:
            return normal
        if any(b.is_zero for b in periods):
            return 0
        reduced = min(int(b.reduced_weekly_minutes or 0) for b in periods)
        if reduced >= self.weekly_minutes:
            return normal
        # The reduced weekly minutes keep the shape of the normal pattern.
        return split_proportionally(reduced, self.weekday_minutes)[day.weekday()]

    def between(self, first: datetime.date, last: datetime.date) -> int:
        return sum(self.day(d) for d in days_between(first, last))


@dataclass(frozen=True)
class LoadItem:
    """Work to plan. ``kind`` is ``engagement``, ``application`` (an offer) or ``project``."""

    kind: str
    id: str
    title: str
    remaining_minutes: int
    due: datetime.date
    start: datetime.date | None = None
    tentative: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Spread:
    """Minutes per day of one item, and the minutes that could not be put on any day."""

    item: LoadItem
    days: dict[datetime.date, int]
    unplaced_minutes: int
    window_start: datetime.date
    window_end: datetime.date

    @property
    def placed_minutes(self) -> int:
        return sum(self.days.values())


def item_window(item: LoadItem, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """From max(today, start) to the due date; an overdue item is due today."""
    last = max(item.due, today)
    first = min(max(today, item.start or today), last)
    return first, last


def spread_item(item: LoadItem, capacity: Capacity, today: datetime.date) -> Spread:
    """Spread ``item``'s remaining minutes over its window (see the module docstring)."""
    first, last = item_window(item, today)
    days = days_between(first, last)
    remaining = max(0, item.remaining_minutes)
    weights = [capacity.day(d) for d in days]
    if sum(weights) == 0:
        # No capacity at all in the window: the work still has to be done, so it goes (as an
        # overload) on the days that are not blocked, or stays unplaced if every day is blocked.
        weights = [0 if capacity.is_blocked(d) else 1 for d in days]
    parts = split_proportionally(remaining, weights)
    placed = {d: m for d, m in zip(days, parts, strict=True) if m}
    unplaced = remaining - sum(parts)
    return Spread(item=item, days=placed, unplaced_minutes=unplaced, window_start=first, window_end=last)


@dataclass
class WeekItem:
    kind: str
    id: str
    title: str
    minutes: int
    tentative: bool


@dataclass
class Week:
    week_start: datetime.date
    capacity_minutes: int
    committed_minutes: int = 0
    tentative_minutes: int = 0
    blocked: bool = False
    blocked_days: int = 0
    reduced_days: int = 0
    blocked_reasons: list[str] = field(default_factory=list)
    items: list[WeekItem] = field(default_factory=list)

    @property
    def load_minutes(self) -> int:
        return self.committed_minutes + self.tentative_minutes

    @property
    def over_capacity(self) -> bool:
        return self.committed_minutes > self.capacity_minutes

    @property
    def over_with_tentative(self) -> bool:
        return self.load_minutes > self.capacity_minutes


def week_capacity(capacity: Capacity, monday: datetime.date, today: datetime.date) -> int:
    """The week's capacity from today on (the past days of the current week do not count)."""
    return capacity.between(max(monday, today), monday + datetime.timedelta(days=6))


def _minutes_by_week(spread: Spread) -> dict[datetime.date, int]:
    weeks: dict[datetime.date, int] = {}
    for day, minutes in spread.days.items():
        monday = week_start(day)
        weeks[monday] = weeks.get(monday, 0) + minutes
    if spread.unplaced_minutes:
        monday = week_start(spread.window_end)
        weeks[monday] = weeks.get(monday, 0) + spread.unplaced_minutes
    return weeks


def weekly_load(capacity: Capacity, items: Iterable[LoadItem], today: datetime.date, weeks: int = 8) -> list[Week]:
    """``weeks`` ISO weeks from the current one: capacity, committed and tentative minutes, blocked
    flags and the items behind each number."""
    first_monday = week_start(today)
    result = []
    by_monday: dict[datetime.date, Week] = {}
    for i in range(max(0, weeks)):
        monday = first_monday + datetime.timedelta(weeks=i)
        week = Week(week_start=monday, capacity_minutes=week_capacity(capacity, monday, today))
        reasons: list[str] = []
        for day in days_between(monday, monday + datetime.timedelta(days=6)):
            periods = capacity.periods_on(day)
            if not periods:
                continue
            if any(b.is_zero for b in periods):
                week.blocked_days += 1
            else:
                week.reduced_days += 1
            for period in periods:
                if period.reason and period.reason not in reasons:
                    reasons.append(period.reason)
        week.blocked = bool(week.blocked_days or week.reduced_days)
        week.blocked_reasons = reasons
        result.append(week)
        by_monday[monday] = week
    for item in items:
        for monday, minutes in sorted(_minutes_by_week(spread_item(item, capacity, today)).items()):
            target = by_monday.get(monday)
            if target is None or not minutes:
                continue
            if item.tentative:
                target.tentative_minutes += minutes
            else:
                target.committed_minutes += minutes
            target.items.append(WeekItem(item.kind, item.id, item.title, minutes, item.tentative))
    return result


@dataclass(frozen=True)
class AtRisk:
    item: LoadItem
    remaining_minutes: int
    available_minutes: int  # capacity before the due date, less the other items' load in that window


def at_risk_items(capacity: Capacity, items: Sequence[LoadItem], today: datetime.date) -> list[AtRisk]:
    """Items whose remaining minutes exceed the capacity left before their due date.

    The capacity left is the window's capacity minus what the *other* committed items put on the
    same days (tentative items do not reduce it), so two engagements that only fit one at a time
    are both at risk. An overdue item with work left is always at risk."""
    spreads = [spread_item(item, capacity, today) for item in items]
    result = []
    for index, spread in enumerate(spreads):
        item = spread.item
        if item.remaining_minutes <= 0:
            continue
        first, last = spread.window_start, spread.window_end
        window_capacity = capacity.between(first, last)
        others = 0
        for other_index, other in enumerate(spreads):
            if other_index == index or other.item.tentative:
                continue
            others += sum(m for d, m in other.days.items() if first <= d <= last)
        available = max(0, window_capacity - others)
        if item.due < today or item.remaining_minutes > available:
            result.append(AtRisk(item=item, remaining_minutes=item.remaining_minutes, available_minutes=available))
    return result


@dataclass(frozen=True)
class WeekOverload:
    """A week the new item would push over capacity: the numbers the warning/refusal states."""

    week_start: datetime.date
    capacity_minutes: int
    load_minutes: int  # existing + new
    new_minutes: int

    @property
    def existing_minutes(self) -> int:
        return self.load_minutes - self.new_minutes

    def as_dict(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.isoformat(),
            "capacity_minutes": self.capacity_minutes,
            "load_minutes": self.load_minutes,
            "new_minutes": self.new_minutes,
            "capacity_hours": minutes_to_hours(self.capacity_minutes),
            "load_hours": minutes_to_hours(self.load_minutes),
            "new_hours": minutes_to_hours(self.new_minutes),
        }


def fits(
    capacity: Capacity, existing_load: Sequence[LoadItem], new_item: LoadItem, today: datetime.date
) -> list[WeekOverload]:
    """The weeks in which adding ``new_item`` to ``existing_load`` would exceed capacity.

    Only weeks that the new item adds minutes to are named (a week that is already over capacity
    without it is not *its* fault). Empty list: it fits."""
    new_weeks = _minutes_by_week(spread_item(new_item, capacity, today))
    existing: dict[datetime.date, int] = {}
    for item in existing_load:
        for monday, minutes in _minutes_by_week(spread_item(item, capacity, today)).items():
            existing[monday] = existing.get(monday, 0) + minutes
    overloads = []
    for monday in sorted(new_weeks):
        new_minutes = new_weeks[monday]
        if new_minutes <= 0:
            continue
        cap = week_capacity(capacity, monday, today)
        load = existing.get(monday, 0) + new_minutes
        if load > cap:
            overloads.append(WeekOverload(monday, cap, load, new_minutes))
    return overloads


@dataclass(frozen=True)
class PlanEntry:
    item: LoadItem
    minutes_today: int
    at_risk: bool


def daily_plan(capacity: Capacity, items: Sequence[LoadItem], today: datetime.date) -> list[PlanEntry]:
    """What to work on today: each item's minutes planned for today, earliest due first."""
    risky = {r.item.key for r in at_risk_items(capacity, items, today)}
    entries = []
    for item in sorted(items, key=lambda i: (i.due, i.title, i.id)):
        spread = spread_item(item, capacity, today)
        minutes = spread.days.get(today, 0)
        if minutes or item.key in risky:
            entries.append(PlanEntry(item=item, minutes_today=minutes, at_risk=item.key in risky))
    return entries


def minutes_to_hours(minutes: int) -> float:
    """Hours with one decimal, for display and the API's ``*_hours`` fields (minutes stay exact)."""
    return round(minutes / MINUTES_PER_HOUR, 1)


def today_in(tz_name: str, now: datetime.datetime) -> datetime.date:
    """The calendar date in the IANA zone ``tz_name`` at the instant ``now`` (aware)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(tz_name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(zone).date()
