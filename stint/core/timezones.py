"""Days, deadlines and working hours across time zones: pure functions, DST-correct (docs/i18n.md).

* A **date-only deadline** ("due 2027-03-04") means the end of that day in the project's time zone:
  ``end_of_day(day, zone)`` is the last second of the day there (23:59:59 local time, whatever the
  offset or a DST change that day). Stored deadlines are aware datetimes (UTC in the database).
* **Working hours** are a daily window of wall-clock times in a zone (``WorkWindow``, e.g. 14:00–18:00
  Europe/Berlin). ``overlap_minutes(a, b, on=day)`` is how many minutes two windows share on a given
  day (the day of window ``a``'s zone), computed on real instants, so a DST change in either zone
  counts. A window whose end is before its start runs past midnight (22:00–02:00).
"""

from __future__ import annotations

import dataclasses
import datetime
import zoneinfo
from functools import lru_cache

UTC = datetime.UTC
_STEP = datetime.timedelta(minutes=15)  # every offset change since 1970 falls on a quarter hour


@lru_cache(maxsize=512)
@lru_cache(maxsize=1)
def picker_zone_names() -> tuple[str, ...]:
    """The IANA zones people pick from in a form or a ``<datalist>``: "UTC", then every
    Region/City name, sorted (no ``Etc/``, ``SystemV/`` or ``posix/`` aliases). Validation still
    accepts any zone ``zoneinfo`` knows (``is_zone``)."""
    names = sorted(
        n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith(("Etc/", "SystemV/", "posix/"))
    )
    return ("UTC", *names)


def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def get_zone(name: str | None, default: str = "UTC") -> zoneinfo.ZoneInfo:
    """The zone called ``name`` (IANA), or ``default`` when the name is blank or unknown."""
    if name:
        try:
            return _zone(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
            pass
    return _zone(default)


def is_zone(name: object) -> bool:
    """Whether ``name`` is an IANA zone this system knows (``"Europe/Berlin"``; not ``"CET+1"`` or ``""``)."""
    if not isinstance(name, str) or not name or len(name) > 64 or name != name.strip():
        return False
    try:
        _zone(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


def start_of_day(day: datetime.date, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """The first instant (UTC) whose local date in ``zone`` is ``day`` or later.

    Midnight may not exist (a DST change at 00:00, or a skipped day in the Pacific): then it is the
    first instant after the gap."""
    candidate = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone).astimezone(UTC)
    while candidate.astimezone(zone).date() < day:
        candidate += _STEP
    while (candidate - _STEP).astimezone(zone).date() >= day:
        candidate -= _STEP
    return candidate


def end_of_day(day: datetime.date, zone: zoneinfo.ZoneInfo | str) -> datetime.datetime:
    """The last second of ``day`` in ``zone`` (23:59:59 local time), as an aware UTC datetime: what a
    date-only deadline means."""
    tz = get_zone(zone) if isinstance(zone, str) else zone
    return start_of_day(day + datetime.timedelta(days=1), tz) - datetime.timedelta(seconds=1)


@dataclasses.dataclass(frozen=True)
class WorkWindow:
    """Daily working hours: ``start``–``end`` wall-clock times in ``zone`` (end < start: past midnight)."""

    start: datetime.time
    end: datetime.time
    zone: str

    def instants(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
        """The window starting on ``day`` as two aware UTC instants (a nonexistent wall time, in a
        spring-forward gap, is read with the offset before the change)."""
        tz = get_zone(self.zone)
        begin = datetime.datetime.combine(day, self.start, tzinfo=tz)
        end_day = day if self.end > self.start else day + datetime.timedelta(days=1)
        finish = datetime.datetime.combine(end_day, self.end, tzinfo=tz)
        return begin.astimezone(UTC), finish.astimezone(UTC)


def _shared(a: tuple[datetime.datetime, datetime.datetime], b: tuple[datetime.datetime, datetime.datetime]) -> int:
    seconds = (min(a[1], b[1]) - max(a[0], b[0])).total_seconds()
    return max(0, int(seconds // 60))


def overlap_minutes(project: WorkWindow, talent: WorkWindow, on: datetime.date) -> int:
    """Minutes the talent's working hours share with the project's window on ``on`` (a day in the
    project's zone). The talent's windows of the day before, that day and the day after (in the
    talent's zone) are all compared, so a window far ahead of or behind the project's still counts;
    the answer never exceeds the project window's length."""
    window = project.instants(on)
    if window[1] <= window[0]:
        return 0
    total = 0
    for shift in (-1, 0, 1):
        theirs = talent.instants(on + datetime.timedelta(days=shift))
        if theirs[1] > theirs[0]:
            total += _shared(window, theirs)
    length = int((window[1] - window[0]).total_seconds() // 60)
    return min(total, length)
