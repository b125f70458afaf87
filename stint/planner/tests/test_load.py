"""The load computation (pure functions): property-based tests with hypothesis and worked examples,
including daylight-saving boundaries and time zones far from UTC."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stint.planner import load
from stint.planner.load import Blocked, Capacity, LoadItem

D = datetime.date
BASE = D(2026, 3, 23)  # the Monday of the week of Europe's spring DST change (Sunday 29 March)

day_minutes = st.integers(min_value=0, max_value=8 * 60)
patterns = st.tuples(*[day_minutes] * 7)


@st.composite
def blocked_periods(draw: st.DrawFn) -> list[Blocked]:
    periods = []
    for _ in range(draw(st.integers(0, 4))):
        start = BASE + datetime.timedelta(days=draw(st.integers(-10, 70)))
        length = draw(st.integers(0, 12))
        reduced = draw(st.one_of(st.none(), st.just(0), st.integers(1, 40 * 60)))
        periods.append(Blocked(start, start + datetime.timedelta(days=length), "exam", reduced))
    return periods


@st.composite
def capacities(draw: st.DrawFn) -> Capacity:
    return Capacity(draw(patterns), tuple(draw(blocked_periods())))


@st.composite
def items(draw: st.DrawFn, kind: str = "engagement") -> LoadItem:
    start = BASE + datetime.timedelta(days=draw(st.integers(-20, 40)))
    due = start + datetime.timedelta(days=draw(st.integers(0, 56)))
    return LoadItem(
        kind=kind,
        id=str(draw(st.uuids())),
        title="Work",
        remaining_minutes=draw(st.integers(0, 40 * 60 + 59)),
        due=due,
        start=draw(st.one_of(st.none(), st.just(start))),
        tentative=draw(st.booleans()),
    )


todays = st.dates(min_value=BASE - datetime.timedelta(days=10), max_value=BASE + datetime.timedelta(days=60))


@settings(max_examples=300)
@given(capacity=capacities(), item=items(), today=todays)
def test_the_spread_never_uses_blocked_days_never_exceeds_and_sums_exactly(capacity, item, today):
    spread = load.spread_item(item, capacity, today)
    first, last = load.item_window(item, today)
    assert spread.placed_minutes + spread.unplaced_minutes == item.remaining_minutes
    for day, minutes in spread.days.items():
        assert minutes > 0
        assert minutes <= item.remaining_minutes
        assert not capacity.is_blocked(day), f"{minutes} min on blocked {day}"
        assert first <= day <= last
        assert day >= today
    if spread.unplaced_minutes:
        assert all(capacity.is_blocked(d) for d in load.days_between(first, last))
    else:
        assert spread.placed_minutes == item.remaining_minutes


@settings(max_examples=200)
@given(capacity=capacities(), item=items(), today=todays)
def test_the_spread_follows_daily_capacity_when_it_fits(capacity, item, today):
    """When the window has enough capacity, no day gets more than its capacity."""
    first, last = load.item_window(item, today)
    if capacity.between(first, last) < item.remaining_minutes:
        return
    spread = load.spread_item(item, capacity, today)
    for day, minutes in spread.days.items():
        assert minutes <= capacity.day(day)


@settings(max_examples=200)
@given(capacity=capacities(), work=st.lists(items(), max_size=5), today=todays)
def test_weekly_totals_add_up_to_the_remaining_minutes(capacity, work, today):
    weeks = load.weekly_load(capacity, work, today, weeks=20)  # covers every window drawn
    committed = sum(w.committed_minutes for w in weeks)
    tentative = sum(w.tentative_minutes for w in weeks)
    assert committed == sum(i.remaining_minutes for i in work if not i.tentative)
    assert tentative == sum(i.remaining_minutes for i in work if i.tentative)
    for week in weeks:
        assert sum(i.minutes for i in week.items) == week.load_minutes
        assert week.week_start.weekday() == 0


@settings(max_examples=200)
@given(capacity=capacities(), existing=st.lists(items(), max_size=4), new=items("project"), today=todays)
def test_fits_names_exactly_the_weeks_the_new_item_pushes_over(capacity, existing, new, today):
    committed = [LoadItem(i.kind, i.id, i.title, i.remaining_minutes, i.due, i.start, False) for i in existing]
    overloads = load.fits(capacity, committed, new, today)
    after = {w.week_start: w for w in load.weekly_load(capacity, [*committed, new], today, weeks=20)}
    new_weeks = {
        w.week_start: sum(i.minutes for i in w.items if i.kind == "project")
        for w in after.values()
        if any(i.kind == "project" for i in w.items)
    }
    expected = {m for m, minutes in new_weeks.items() if minutes and after[m].load_minutes > after[m].capacity_minutes}
    assert {o.week_start for o in overloads} == expected
    for o in overloads:
        assert o.load_minutes == after[o.week_start].load_minutes
        assert o.capacity_minutes == after[o.week_start].capacity_minutes
        assert o.new_minutes == new_weeks[o.week_start]


@given(total=st.integers(0, 10_000), weights=st.lists(st.integers(0, 1000), min_size=1, max_size=60))
def test_proportional_split_is_exact_and_deterministic(total, weights):
    parts = load.split_proportionally(total, weights)
    assert parts == load.split_proportionally(total, weights)
    if sum(weights):
        assert sum(parts) == total
        for part, weight in zip(parts, weights, strict=True):
            assert weight or part == 0
            assert abs(part - total * weight / sum(weights)) < 1
    else:
        assert parts == [0] * len(weights)


def test_an_even_week_splits_the_remainder_onto_the_first_days():
    assert load.even_weekday_pattern(600) == (86, 86, 86, 86, 86, 85, 85)
    assert sum(load.even_weekday_pattern(600)) == 600


def test_a_blocked_exam_week_gets_no_work_and_the_rest_takes_it():
    exam = Blocked(D(2026, 4, 6), D(2026, 4, 12), "Exams")
    capacity = Capacity.from_weekly_hours(10, [exam])
    item = LoadItem("engagement", "a", "Report", 20 * 60, due=D(2026, 4, 19), start=D(2026, 3, 30))
    weeks = load.weekly_load(capacity, [item], D(2026, 3, 30), weeks=3)
    assert [w.committed_minutes for w in weeks] == [600, 0, 600]
    assert weeks[1].blocked and weeks[1].blocked_days == 7 and weeks[1].capacity_minutes == 0
    assert weeks[1].blocked_reasons == ["Exams"]


def test_reduced_capacity_keeps_the_pattern_shape():
    capacity = Capacity((120, 120, 0, 0, 0, 0, 0), (Blocked(D(2026, 4, 6), D(2026, 4, 12), "Trip", 60),))
    assert [capacity.day(D(2026, 4, 6) + datetime.timedelta(days=i)) for i in range(7)] == [30, 30, 0, 0, 0, 0, 0]
    assert not capacity.is_blocked(D(2026, 4, 6))


def test_the_current_week_counts_only_today_and_later():
    capacity = Capacity.from_weekly_hours(7)
    weeks = load.weekly_load(capacity, [], D(2026, 3, 26), weeks=1)  # a Thursday
    assert weeks[0].capacity_minutes == 4 * 60


def test_an_overdue_item_is_all_due_today_and_at_risk():
    capacity = Capacity.from_weekly_hours(7)
    item = LoadItem("engagement", "a", "Late", 300, due=D(2026, 3, 20))
    spread = load.spread_item(item, capacity, D(2026, 3, 25))
    assert spread.days == {D(2026, 3, 25): 300}
    assert [r.item.id for r in load.at_risk_items(capacity, [item], D(2026, 3, 25))] == ["a"]


def test_two_engagements_that_only_fit_one_at_a_time_are_both_at_risk():
    capacity = Capacity.from_weekly_hours(7)  # 60 min a day
    a = LoadItem("engagement", "a", "A", 5 * 60, due=D(2026, 3, 29))
    b = LoadItem("engagement", "b", "B", 5 * 60, due=D(2026, 3, 29))
    today = D(2026, 3, 23)  # 7 days = 7 h of capacity for 10 h of work
    assert {r.item.id for r in load.at_risk_items(capacity, [a], today)} == set()
    assert {r.item.id for r in load.at_risk_items(capacity, [a, b], today)} == {"a", "b"}


def test_everything_blocked_leaves_the_work_unplaced_in_the_due_week():
    capacity = Capacity.from_weekly_hours(10, [Blocked(D(2026, 3, 23), D(2026, 4, 30), "Abroad")])
    item = LoadItem("project", "p", "P", 600, due=D(2026, 4, 2), start=D(2026, 3, 25))
    spread = load.spread_item(item, capacity, D(2026, 3, 23))
    assert spread.days == {} and spread.unplaced_minutes == 600
    [overload] = load.fits(capacity, [], item, D(2026, 3, 23))
    assert (overload.week_start, overload.capacity_minutes, overload.load_minutes) == (D(2026, 3, 30), 0, 600)


def test_fits_reports_the_week_and_the_numbers():
    capacity = Capacity.from_weekly_hours(10)
    today = D(2026, 3, 23)
    existing = [LoadItem("engagement", "e", "E", 8 * 60, due=D(2026, 3, 29))]
    new = LoadItem("project", "p", "P", 7 * 60, due=D(2026, 3, 29))
    [overload] = load.fits(capacity, existing, new, today)
    assert overload.week_start == today
    assert (overload.capacity_minutes, overload.load_minutes, overload.new_minutes) == (600, 900, 420)
    assert overload.as_dict()["load_hours"] == 15.0


# --- Time zones and daylight saving ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        # Europe/Berlin: last Sunday of March 2026 (29th), 02:00 → 03:00; last Sunday of October (25th).
        ("Europe/Berlin", "2026-03-28T22:59:00+00:00", D(2026, 3, 28)),
        ("Europe/Berlin", "2026-03-28T23:00:00+00:00", D(2026, 3, 29)),
        ("Europe/Berlin", "2026-03-29T21:59:00+00:00", D(2026, 3, 29)),
        ("Europe/Berlin", "2026-03-29T22:00:00+00:00", D(2026, 3, 30)),  # CEST: midnight is 22:00 UTC
        ("Europe/Berlin", "2026-10-24T21:59:00+00:00", D(2026, 10, 24)),
        ("Europe/Berlin", "2026-10-24T22:00:00+00:00", D(2026, 10, 25)),
        ("Europe/Berlin", "2026-10-25T22:59:00+00:00", D(2026, 10, 25)),  # CET again: midnight is 23:00 UTC
        ("Europe/Berlin", "2026-10-25T23:00:00+00:00", D(2026, 10, 26)),
        # America/New_York: second Sunday of March (8th), first Sunday of November (1st).
        ("America/New_York", "2026-03-08T04:59:00+00:00", D(2026, 3, 7)),
        ("America/New_York", "2026-03-08T05:00:00+00:00", D(2026, 3, 8)),
        ("America/New_York", "2026-03-09T03:59:00+00:00", D(2026, 3, 8)),
        ("America/New_York", "2026-03-09T04:00:00+00:00", D(2026, 3, 9)),
        ("America/New_York", "2026-11-02T04:59:00+00:00", D(2026, 11, 1)),
        ("America/New_York", "2026-11-02T05:00:00+00:00", D(2026, 11, 2)),
        # Far from UTC: Kiritimati is UTC+14, Auckland UTC+13 in (southern) summer, Pago Pago UTC-11.
        ("Pacific/Kiritimati", "2026-01-01T09:59:00+00:00", D(2026, 1, 1)),
        ("Pacific/Kiritimati", "2026-01-01T10:00:00+00:00", D(2026, 1, 2)),
        ("Pacific/Auckland", "2026-01-01T10:59:00+00:00", D(2026, 1, 1)),
        ("Pacific/Auckland", "2026-01-01T11:00:00+00:00", D(2026, 1, 2)),
        ("Pacific/Auckland", "2026-04-05T11:59:00+00:00", D(2026, 4, 5)),  # NZ back to +12 on 5 April
        ("Pacific/Auckland", "2026-04-05T12:00:00+00:00", D(2026, 4, 6)),
        ("Pacific/Pago_Pago", "2026-01-02T10:59:00+00:00", D(2026, 1, 1)),
        ("Not/AZone", "2026-01-02T10:59:00+00:00", D(2026, 1, 2)),  # falls back to UTC
    ],
)
def test_today_is_the_calendar_date_in_the_talents_zone(zone, instant, expected):
    assert load.today_in(zone, datetime.datetime.fromisoformat(instant)) == expected


ZONES = ["Europe/Berlin", "America/New_York", "Pacific/Auckland", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"]


@settings(max_examples=200)
@given(
    zone=st.sampled_from(ZONES),
    instant=st.datetimes(
        min_value=datetime.datetime(2026, 3, 1),
        max_value=datetime.datetime(2026, 11, 30),
        timezones=st.just(datetime.UTC),
    ),
    capacity=capacities(),
    item=items(),
)
def test_nothing_is_planned_before_today_in_the_talents_zone(zone, instant, capacity, item):
    today = load.today_in(zone, instant)
    assert today == instant.astimezone(ZoneInfo(zone)).date()
    assert abs((today - instant.date()).days) <= 1
    spread = load.spread_item(item, capacity, today)
    assert all(day >= today for day in spread.days)
    assert spread.placed_minutes + spread.unplaced_minutes == item.remaining_minutes


@pytest.mark.parametrize("monday", [D(2026, 3, 23), D(2026, 10, 19), D(2026, 3, 2), D(2026, 10, 26)])
def test_a_week_with_a_dst_change_has_its_full_capacity(monday):
    """Days are calendar dates: a 23- or 25-hour day carries its normal capacity."""
    capacity = Capacity.from_weekly_hours(12)
    [week] = load.weekly_load(capacity, [], monday, weeks=1)
    assert week.capacity_minutes == 12 * 60
    item = LoadItem("engagement", "x", "X", 12 * 60, due=monday + datetime.timedelta(days=6))
    [week] = load.weekly_load(capacity, [item], monday, weeks=1)
    assert week.committed_minutes == week.capacity_minutes
