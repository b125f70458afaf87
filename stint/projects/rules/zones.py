"""Time zone, language and working-hours overlap of a project, and what a date-only deadline means.

``deadlines_as_instants(data)`` turns a deadline given as a plain date (the API accepts
``"2027-03-04"`` for ``application_deadline`` and ``response_deadline``) into the end of that day in
the project's time zone (23:59:59 local time; docs/projects.md, "Dates and time zones"). A naive
date-time never reaches here: the API refuses it (422 ``validation_error``) rather than guess a zone.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from stint.core.languages import is_language
from stint.core.timezones import end_of_day, get_zone, is_zone
from stint.projects.rules.base import _err

MIN_OVERLAP_HOURS = 1
MAX_OVERLAP_HOURS = 12
DEADLINE_FIELDS = ("application_deadline", "response_deadline")


def project_zone_name(data: dict[str, Any]) -> str:
    zone = data.get("time_zone")
    return str(zone) if is_zone(zone) else "UTC"


def deadlines_as_instants(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``data`` where a date-only deadline is the end of that day in the project's zone."""
    out = dict(data)
    zone = get_zone(project_zone_name(data))
    for name in DEADLINE_FIELDS:
        value = out.get(name)
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            out[name] = end_of_day(value, zone)
    return out


def _window_minutes(start: datetime.time, end: datetime.time) -> int:
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else minutes + 24 * 60


def check_zone_language_overlap(data: dict[str, Any], errors: list[dict[str, str]]) -> None:
    """A known IANA zone, a supported language, and an overlap that fits inside its window (a zone or
    language left out of ``data`` or None is the default the services fill in, or the current one)."""
    if data.get("time_zone") is not None and not is_zone(data.get("time_zone")):
        _err(
            errors,
            "time_zone",
            "invalid_time_zone",
            _("Choose a time zone by its IANA name, such as Europe/Berlin or America/Sao_Paulo."),
        )
    if data.get("language") is not None and not is_language(data.get("language")):
        _err(errors, "language", "invalid_language", _("Choose the language the project is written in."))
    hours, start, end = data.get("overlap_hours"), data.get("overlap_start"), data.get("overlap_end")
    if hours is None and start is None and end is None:
        return
    if isinstance(hours, bool) or not isinstance(hours, int) or not MIN_OVERLAP_HOURS <= hours <= MAX_OVERLAP_HOURS:
        _err(
            errors,
            "overlap_hours",
            "overlap_hours_out_of_range",
            _("The overlap is %(min)s to %(max)s hours.") % {"min": MIN_OVERLAP_HOURS, "max": MAX_OVERLAP_HOURS},
        )
        return
    if not isinstance(start, datetime.time) or not isinstance(end, datetime.time):
        _err(
            errors,
            "overlap_start",
            "overlap_window_required",
            _("Give the start and end of the hours the overlap must fall in."),
        )
        return
    if start == end:
        _err(errors, "overlap_end", "overlap_window_empty", _("The overlap window must not start and end together."))
        return
    if hours * 60 > _window_minutes(start, end):
        _err(
            errors,
            "overlap_hours",
            "overlap_longer_than_window",
            _("%(hours)s hours of overlap do not fit between %(start)s and %(end)s.")
            % {"hours": hours, "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")},
        )
