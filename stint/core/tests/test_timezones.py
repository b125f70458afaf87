"""Days, date-only deadlines and working-hours overlap across time zones (stint.core.timezones)."""

from __future__ import annotations

import datetime
import zoneinfo

from hypothesis import given, settings
from hypothesis import strategies as st

from stint.core.timezones import UTC, WorkWindow, end_of_day, get_zone, is_zone, overlap_minutes, start_of_day

# DST zones both hemispheres, far from UTC both ways, half and quarter hours.
ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "America/New_York",
    "Australia/Sydney",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "America/Havana",
]
days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31))
zones = st.sampled_from(ZONES)
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@settings(max_examples=300, deadline=None)
@given(day=days, zone=zones)
def test_end_of_day_is_the_last_second_of_that_local_day(day, zone):
    tz = zoneinfo.ZoneInfo(zone)
    end = end_of_day(day, tz)
    assert end.tzinfo is not None
    assert end.astimezone(tz).date() == day
    assert (end + datetime.timedelta(seconds=1)).astimezone(tz).date() == day + datetime.timedelta(days=1)


@settings(max_examples=300, deadline=None)
@given(day=days, zone=zones)
def test_a_day_starts_where_the_day_before_ends(day, zone):
    tz = zoneinfo.ZoneInfo(zone)
    assert start_of_day(day, tz) == end_of_day(day - datetime.timedelta(days=1), tz) + datetime.timedelta(seconds=1)
    length = end_of_day(day, tz) - start_of_day(day, tz) + datetime.timedelta(seconds=1)
    # 24 h, or 23/25 h on a DST change day (Lord Howe's half hour is not in the list).
    assert datetime.timedelta(hours=22) <= length <= datetime.timedelta(hours=26)


def test_end_of_day_around_the_berlin_dst_changes():
    berlin = get_zone("Europe/Berlin")
    spring = end_of_day(datetime.date(2027, 3, 28), berlin)
    assert spring.astimezone(berlin).isoformat() == "2027-03-28T23:59:59+02:00"
    autumn = end_of_day(datetime.date(2027, 10, 31), berlin)
    assert autumn.astimezone(berlin).isoformat() == "2027-10-31T23:59:59+01:00"
    assert autumn.astimezone(UTC).isoformat() == "2027-10-31T22:59:59+00:00"


def test_far_from_utc_zones_put_the_same_date_a_day_apart():
    day = datetime.date(2027, 6, 1)
    kiritimati = end_of_day(day, get_zone("Pacific/Kiritimati"))  # UTC+14
    pago_pago = end_of_day(day, get_zone("Pacific/Pago_Pago"))  # UTC-11
    assert pago_pago - kiritimati == datetime.timedelta(hours=25)
    assert end_of_day(day, get_zone("America/St_Johns")).isoformat() == "2027-06-02T02:29:59+00:00"
    assert end_of_day(day, get_zone("Asia/Kathmandu")).isoformat() == "2027-06-01T18:14:59+00:00"


def test_zone_names_are_checked():
    assert is_zone("Europe/Berlin")
    assert not is_zone("")
    assert not is_zone("Mars/Olympus")
    assert not is_zone("../../etc/passwd")
    assert not is_zone(None)
    assert get_zone("Mars/Olympus").key == "UTC"


def test_overlap_berlin_afternoon_with_lagos_and_sao_paulo():
    berlin = WorkWindow(datetime.time(14), datetime.time(18), "Europe/Berlin")
    winter = datetime.date(2027, 1, 12)
    assert overlap_minutes(berlin, WorkWindow(datetime.time(9), datetime.time(17), "Africa/Lagos"), winter) == 180
    assert overlap_minutes(berlin, WorkWindow(datetime.time(9), datetime.time(17), "America/Sao_Paulo"), winter) == 240
    # Berlin on summer time (+2), Lagos stays +1: an hour less of the Lagos afternoon is inside.
    summer = datetime.date(2027, 7, 12)
    assert overlap_minutes(berlin, WorkWindow(datetime.time(9), datetime.time(15), "Africa/Lagos"), summer) == 120


def test_overlap_across_midnight_and_the_date_line():
    project = WorkWindow(datetime.time(9), datetime.time(12), "Pacific/Kiritimati")  # 19:00–22:00 UTC the day before
    talent = WorkWindow(datetime.time(8), datetime.time(12), "Pacific/Pago_Pago")  # 19:00–23:00 UTC
    assert overlap_minutes(project, talent, datetime.date(2027, 5, 5)) == 180
    night = WorkWindow(datetime.time(22), datetime.time(2), "UTC")
    assert (
        overlap_minutes(night, WorkWindow(datetime.time(0), datetime.time(6), "UTC"), datetime.date(2027, 5, 5)) == 120
    )


def test_overlap_on_the_day_berlin_springs_forward():
    # 01:00–05:00 Berlin on 2027-03-28 lasts 3 hours (02:00–03:00 does not exist).
    project = WorkWindow(datetime.time(1), datetime.time(5), "Europe/Berlin")
    talent = WorkWindow(datetime.time(0), datetime.time(8), "UTC")
    assert overlap_minutes(project, talent, datetime.date(2027, 3, 28)) == 180
    assert overlap_minutes(project, talent, datetime.date(2027, 3, 21)) == 240


def _length(window: WorkWindow, day: datetime.date) -> int:
    begin, end = window.instants(day)
    return max(0, int((end - begin).total_seconds() // 60))


@settings(max_examples=120, deadline=None)
@given(
    day=days,
    zone_a=zones,
    zone_b=zones,
    a_start=times,
    a_end=times,
    b_start=times,
    b_end=times,
)
def test_overlap_is_bounded_and_matches_a_minute_by_minute_count(day, zone_a, zone_b, a_start, a_end, b_start, b_end):
    project = WorkWindow(a_start, a_end, zone_a)
    talent = WorkWindow(b_start, b_end, zone_b)
    minutes = overlap_minutes(project, talent, day)
    assert 0 <= minutes <= _length(project, day)
    # The same answer from brute force: every minute of the project's window, is the talent working?
    begin, end = project.instants(day)
    spans = [talent.instants(day + datetime.timedelta(days=s)) for s in (-1, 0, 1)]
    count = 0
    moment = begin
    while moment + datetime.timedelta(minutes=1) <= end:
        if any(s[0] <= moment and moment + datetime.timedelta(minutes=1) <= s[1] for s in spans):
            count += 1
        moment += datetime.timedelta(minutes=1)
    assert minutes == count


@settings(max_examples=200, deadline=None)
@given(day=days, zone=zones, start=times, end=times)
def test_a_window_overlaps_itself_completely(day, zone, start, end):
    window = WorkWindow(start, end, zone)
    if start != end:
        assert overlap_minutes(window, window, day) == _length(window, day)


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.text(max_size=40),
        st.dates().map(lambda d: d.isoformat()),
        st.datetimes().map(lambda d: d.isoformat()),
        st.datetimes(timezones=st.sampled_from([zoneinfo.ZoneInfo(z) for z in ZONES])).map(lambda d: d.isoformat()),
        st.from_regex(r"\A[0-9+-]{1,6}-[0-9]{1,3}-[0-9]{1,3}\Z"),
        st.integers(),
        st.none(),
    )
)
def test_a_deadline_from_the_api_is_a_date_an_aware_datetime_or_a_validation_error(value):
    """Whatever a client sends as a deadline, the API type gives a date in the window, an aware
    datetime in the window, or a pydantic ValidationError (422): never another exception (500)."""
    from pydantic import TypeAdapter, ValidationError

    from stint.core.schemas import DATE_MAX, DATE_MIN, ApiDeadline

    try:
        parsed = TypeAdapter(ApiDeadline).validate_python(value)
    except ValidationError:
        return
    if isinstance(parsed, datetime.datetime):
        assert parsed.tzinfo is not None and parsed.utcoffset() is not None
        assert DATE_MIN <= parsed.astimezone(UTC).date() <= DATE_MAX
    else:
        assert isinstance(parsed, datetime.date)
        assert DATE_MIN <= parsed <= DATE_MAX
