"""The talent's iCalendar feed (RFC 5545), written by hand: CRLF line ends, lines folded at 75
octets (never inside a UTF-8 character), TEXT values escaped. All-day events use DATE values
(floating dates: a due date is a calendar day wherever the talent is); timed events use UTC
(``…Z``), so no VTIMEZONE is needed and every client shows them at the right instant.

UIDs are ``<kind>-<uuid>@stint`` and never change for the same object, so calendar apps update
events in place instead of duplicating them."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from stint.planner import feed_selectors

logger = logging.getLogger(__name__)

PRODID = "-//Stint//Planner 1.0//EN"
DEADLINE_DURATION = "PT30M"


def escape_text(value: str) -> str:
    """RFC 5545 3.3.11: backslash, semicolon, comma and newlines are escaped."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """RFC 5545 3.1: lines longer than 75 octets are split with CRLF + one space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    pieces = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current = ""
            size = 0
            limit = 74  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def format_date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def format_utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    stamp: datetime.datetime
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None  # exclusive, for all-day events
    start_at: datetime.datetime | None = None
    description: str = ""
    url: str = ""
    categories: str = ""

    def lines(self) -> list[str]:
        out = ["BEGIN:VEVENT", f"UID:{self.uid}", f"DTSTAMP:{format_utc(self.stamp)}"]
        if self.start_at is not None:
            out += [f"DTSTART:{format_utc(self.start_at)}", f"DURATION:{DEADLINE_DURATION}"]
        else:
            assert self.start_date is not None
            end = self.end_date or self.start_date + datetime.timedelta(days=1)
            out += [f"DTSTART;VALUE=DATE:{format_date(self.start_date)}", f"DTEND;VALUE=DATE:{format_date(end)}"]
            out.append("TRANSP:TRANSPARENT")
        out.append(f"SUMMARY:{escape_text(self.summary)}")
        if self.description:
            out.append(f"DESCRIPTION:{escape_text(self.description)}")
        if self.categories:
            out.append(f"CATEGORIES:{escape_text(self.categories)}")
        if self.url:
            out.append(f"URL:{self.url}")
        out.append(f"LAST-MODIFIED:{format_utc(self.stamp)}")
        out.append("END:VEVENT")
        return out


def render_calendar(events: Iterable[Event], *, name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for event in events:
        try:
            lines.extend(event.lines())
        except (ArithmeticError, ValueError, TypeError, AssertionError):
            # One bad row (a date at the end of the calendar, a missing value) must not take the
            # whole feed down: skip that event and say so in the log.
            logger.warning("calendar event %s skipped: it cannot be written", event.uid, exc_info=True)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _stamp(obj: Any) -> datetime.datetime:
    return getattr(obj, "updated_at", None) or getattr(obj, "created_at", None) or timezone.now()


def feed_events(user: Any, base_url: str = "") -> list[Event]:
    """One event per item: engagement due dates, milestones, response deadlines of open
    applications, blocked periods."""
    base = base_url.rstrip("/")
    events: list[Event] = []
    engagements = feed_selectors.feed_engagements(user)
    for engagement in engagements:
        project = engagement.project
        events.append(
            Event(
                uid=f"due-{engagement.pk}@stint",
                summary=f"Due: {project.title}",
                stamp=_stamp(engagement),
                start_date=engagement.due_date,
                description=f"{project.organization.name}: deliver {project.title} by the end of this day.",
                url=f"{base}/engagements/{engagement.pk}/" if base else "",
                categories="Stint,Due date",
            )
        )
    for milestone in feed_selectors.feed_milestones([e.pk for e in engagements]):
        events.append(
            Event(
                uid=f"milestone-{milestone.pk}@stint",
                summary=f"Milestone: {milestone.title} ({milestone.engagement.project.title})",
                stamp=_stamp(milestone),
                start_date=milestone.due_date,
                url=f"{base}/engagements/{milestone.engagement_id}/" if base else "",
                categories="Stint,Milestone",
            )
        )
    for application in feed_selectors.open_application_deadlines(user):
        project = application.project
        events.append(
            Event(
                uid=f"response-deadline-{application.pk}@stint",
                summary=f"Answer due: {project.title}",
                stamp=_stamp(application),
                start_at=project.response_deadline,
                description="The company must answer your application by this time; otherwise it closes automatically.",
                url=f"{base}/applications/{application.pk}/" if base else "",
                categories="Stint,Application",
            )
        )
    for period in feed_selectors.blocked_periods(user):
        reduced = f" (reduced to {period.capacity_hours} h/week)" if period.capacity_hours else ""
        if period.end >= datetime.date.max:
            logger.warning("calendar event blocked-%s skipped: it ends at the end of the calendar", period.pk)
            continue
        events.append(
            Event(
                uid=f"blocked-{period.pk}@stint",
                summary=f"Blocked: {period.reason or 'unavailable'}{reduced}",
                stamp=_stamp(period),
                start_date=period.start,
                end_date=period.end + datetime.timedelta(days=1),
                categories="Stint,Blocked",
            )
        )
    return events


def feed_for_user(user: Any, base_url: str = "") -> str:
    return render_calendar(feed_events(user, base_url), name=f"Stint: {user}")
