"""The explore figures' arithmetic, on hand-computed values."""

from __future__ import annotations

import datetime

import pytest

from stint.core.money import Money
from stint.explore import stats

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([5], 5),
        ([3, 1, 2], 2),
        ([1, 2], 2),  # 1.5 rounds half up
        ([1, 4], 3),  # 2.5 rounds half up
        ([2500, 2600], 2550),
        ([10, 20, 24, 30], 22),
        ([7, 7, 7, 100], 7),
    ],
)
def test_median_is_a_whole_number_rounded_half_up(values, expected):
    assert stats.median_int(values) == expected


def test_median_of_nothing_is_refused():
    with pytest.raises(ValueError):
        stats.median_int([])


def test_money_is_summarised_per_currency_most_frequent_first():
    rows = [(50_000, "USD"), (40_000, "EUR"), (90_000, "USD"), (60_000, "USD"), (1_000, "JPY"), (3_000, "JPY")]
    usd, jpy, eur = stats.money_summaries(rows)
    assert (usd.currency, usd.count, usd.median, usd.low, usd.high) == (
        "USD",
        3,
        Money(60_000, "USD"),
        Money(50_000, "USD"),
        Money(90_000, "USD"),
    )
    assert (jpy.count, jpy.median, jpy.low, jpy.high) == (
        2,
        Money(2_000, "JPY"),
        Money(1_000, "JPY"),
        Money(3_000, "JPY"),
    )
    assert (eur.count, eur.median) == (1, Money(40_000, "EUR"))
    assert usd.median.format() == "$600.00" and jpy.median.format() == "¥2,000"


def test_hourly_rate_and_duration():
    assert stats.hourly_rate_minor(50_000, 20) == 2_500
    assert stats.hourly_rate_minor(10_001, 3) == 3_333  # rounded down, like Project.hourly_rate_minor
    assert stats.duration_days(datetime.date(2026, 12, 1), datetime.date(2026, 12, 14)) == 14
    assert stats.duration_days(datetime.date(2026, 12, 1), datetime.date(2026, 12, 1)) == 1


def test_summarize():
    assert stats.summarize([]) is None
    assert stats.summarize([8, 21, 10, 14]) == stats.IntSummary(count=4, median=12, low=8, high=21)


def test_trend_weeks_are_the_12_mondays_ending_with_this_week():
    today = datetime.date(2026, 12, 2)  # a Wednesday: the last week is the one of Monday 30 Nov
    starts = stats.trend_week_starts(today)
    assert len(starts) == 12
    assert starts[0] == datetime.date(2026, 9, 14) and starts[-1] == datetime.date(2026, 11, 30)
    assert all(d.weekday() == 0 for d in starts)
    assert stats.trend_week_starts(datetime.date(2026, 11, 30))[-1] == datetime.date(2026, 11, 30)  # a Monday
    assert stats.utc_midnight(starts[0]) == datetime.datetime(2026, 9, 14, tzinfo=UTC)
    assert stats.WeekBucket(starts[0], 3).label == "14 Sep"
