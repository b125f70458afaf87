"""The iCalendar feed parses with ``icalendar``, has one event per item with stable UIDs, and its
old URL stops working after rotation."""

from __future__ import annotations

import datetime

import icalendar
import pytest

from stint.engagements.models import Milestone
from stint.planner import ical
from stint.planner.services import calendar_feed_get_or_create, calendar_feed_rotate
from stint.planner.tests import factories as f
from stint.talent.models import BlockedPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(talent, personas):
    engagement = f.engagement(talent, personas.organization, hours=10, start=0, due=13)
    milestone = Milestone.objects.create(
        engagement=engagement, title="First draft; outline, sources", due_date=f.days(5)
    )
    Milestone.objects.create(engagement=engagement, title="No date")  # not an event
    application = f.offer(talent, personas.organization)
    application.status = "submitted"
    application.save()
    f.offer(talent, personas.organization)  # an offer: not an open application deadline
    period = BlockedPeriod.objects.create(
        profile=talent.talent_profile, start=f.days(20), end=f.days(24), reason="Exams, week 1"
    )
    f.engagement(talent, personas.organization, status="paid")  # finished: not in the feed
    return {"engagement": engagement, "milestone": milestone, "application": application, "period": period}


def _get(client, talent):
    feed = calendar_feed_get_or_create(user=talent)
    return client.get(f"/planner/calendar/{feed.token}.ics")


def test_the_feed_parses_and_has_one_event_per_item(talent, items, client):
    response = _get(client, talent)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "\r\n" in body and all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        f"due-{items['engagement'].pk}@stint",
        f"milestone-{items['milestone'].pk}@stint",
        f"response-deadline-{items['application'].pk}@stint",
        f"blocked-{items['period'].pk}@stint",
    }
    due = events[f"due-{items['engagement'].pk}@stint"]
    assert due.decoded("DTSTART") == f.days(13)
    assert due.decoded("DTEND") == f.days(14)
    assert isinstance(due.decoded("DTSTAMP"), datetime.datetime)
    milestone = events[f"milestone-{items['milestone'].pk}@stint"]
    assert str(milestone["SUMMARY"]).startswith("Milestone: First draft; outline, sources")
    deadline = events[f"response-deadline-{items['application'].pk}@stint"].decoded("DTSTART")
    assert deadline.utcoffset() == datetime.timedelta(0)
    assert deadline == items["application"].project.response_deadline.replace(microsecond=0)
    blocked = events[f"blocked-{items['period'].pk}@stint"]
    assert (blocked.decoded("DTSTART"), blocked.decoded("DTEND")) == (f.days(20), f.days(25))
    assert str(blocked["SUMMARY"]) == "Blocked: Exams, week 1"


def test_uids_are_stable_between_fetches(talent, items, client):
    first = icalendar.Calendar.from_ical(_get(client, talent).content)
    second = icalendar.Calendar.from_ical(_get(client, talent).content)
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [str(e["UID"]) for e in second.walk("VEVENT")]


def test_the_old_url_404s_after_rotation(talent, items, client):
    old = calendar_feed_get_or_create(user=talent).token
    assert client.get(f"/planner/calendar/{old}.ics").status_code == 200
    new = calendar_feed_rotate(user=talent).token
    assert client.get(f"/planner/calendar/{old}.ics").status_code == 404
    assert client.get(f"/planner/calendar/{new}.ics").status_code == 200


def test_an_unknown_token_is_404(client, db):
    assert client.get("/planner/calendar/" + "x" * 43 + ".ics").status_code == 404


def test_text_is_escaped_and_long_lines_are_folded_without_splitting_characters():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 100
    folded = ical.fold(line)
    parts = folded.split("\r\n ")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert "".join(parts) == line
    event = ical.Event(
        uid="x@stint",
        summary="Ünïcødé, long " * 10,
        stamp=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        start_date=datetime.date(2026, 1, 2),
    )
    parsed = icalendar.Calendar.from_ical(ical.render_calendar([event], name="Test"))
    [vevent] = parsed.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Ünïcødé, long " * 10


def test_one_bad_event_never_breaks_the_feed(talent, items, client):
    """A milestone dated 9999-12-31 (written before dates were checked, or by hand) is skipped; the
    rest of the feed still answers."""

    bad = Milestone.objects.create(engagement=items["engagement"], title="Far away", due_date=datetime.date.max)
    BlockedPeriod.objects.filter(pk=items["period"].pk).update(end=datetime.date.max)
    response = _get(client, talent)
    assert response.status_code == 200
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
    assert f"milestone-{bad.pk}@stint" not in uids
    assert f"blocked-{items['period'].pk}@stint" not in uids
    assert f"milestone-{items['milestone'].pk}@stint" in uids
    assert f"due-{items['engagement'].pk}@stint" in uids
