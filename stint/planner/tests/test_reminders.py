"""Reminders 72 h and 24 h before a due date, and when an engagement falls at risk: sent once each,
even when the scheduler or the task runs twice."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.core import scheduler
from stint.engagements.models import Engagement
from stint.notifications.models import Notification
from stint.planner.models import ReminderSent
from stint.planner.reminders import reminder_hour_ok, reminders_send
from stint.planner.tasks import send_planner_reminders
from stint.planner.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def any_hour(request, monkeypatch):
    """These tests run at any time of day: reminders may go at any local hour, except in the tests
    of the daytime rule (``daytime`` in their names)."""
    if "daytime" not in request.node.name:
        monkeypatch.setattr("stint.planner.reminders.REMINDER_LOCAL_HOURS", (0, 24))


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def reminders(user, prefix="reminder.due"):
    return list(Notification.objects.filter(user=user, event__startswith=prefix).order_by("created_at"))


def test_72h_then_24h_reminders_are_sent_once_each(talent, personas):
    engagement = f.engagement(talent, personas.organization, hours=5, start=0, due=3)
    first = reminders_send(now=_noon(f.days(1)))  # 2.5 days before the end of the due date
    assert first["due_72h"] == 1
    assert reminders_send(now=_noon(f.days(1)) + datetime.timedelta(minutes=15))["due_72h"] == 0
    assert reminders_send(now=_noon(f.days(3)))["due_24h"] == 1
    assert reminders_send(now=_noon(f.days(3)) + datetime.timedelta(hours=1))["due_24h"] == 0
    events = [n.event for n in reminders(talent)]
    assert events == ["reminder.due_72h", "reminder.due_24h"]
    assert str(engagement.pk) in reminders(talent)[0].url


def test_the_task_run_twice_sends_each_reminder_once(talent, personas):
    f.engagement(talent, personas.organization, hours=5, start=0, due=1)
    send_planner_reminders.enqueue()
    send_planner_reminders.enqueue()
    assert len(reminders(talent)) == 1
    assert len(reminders(talent, "reminder.at_risk")) == 1  # 5 h in two days of 10 h weeks
    kinds = sorted(r.kind.split(":")[0] for r in ReminderSent.objects.all())
    assert len(kinds) == 2 and kinds[0] == "at_risk" and kinds[1] in ("due_24h", "due_72h")


def test_two_scheduler_ticks_send_once(talent, personas):
    f.engagement(talent, personas.organization, hours=5, start=0, due=1)
    now = timezone.now()
    scheduler.tick(now)
    scheduler.tick(now + datetime.timedelta(minutes=16))  # the next period: the task runs again
    assert len(reminders(talent)) == 1


def test_no_due_reminder_once_the_work_is_submitted(talent, personas):
    f.engagement(talent, personas.organization, hours=5, start=0, due=1, status="submitted")
    reminders_send()
    assert reminders(talent) == []


def test_the_due_moment_follows_the_projects_time_zone(personas):
    talent = personas.other_talent
    f.profile(talent, tz="Pacific/Pago_Pago")  # the talent's zone does not move the due moment
    # A project in Kiritimati (UTC+14): its due date ends 14 h earlier than in UTC.
    f.engagement(talent, personas.organization, hours=5, start=0, due=3, time_zone="Pacific/Kiritimati")
    # At 12:00 UTC on day 2, the end of day 3 in Kiritimati is 10:00 UTC on day 3: 22 h away.
    assert reminders_send(now=_noon(f.days(2)))["due_24h"] == 1


def test_daytime_reminders_wait_for_the_talents_morning(personas):
    talent = personas.other_talent
    f.profile(talent, tz="Pacific/Kiritimati")  # UTC+14
    f.engagement(talent, personas.organization, hours=5, start=0, due=4)
    at = datetime.datetime.combine(f.days(2), datetime.time(12), tzinfo=datetime.UTC)  # 02:00 in Kiritimati
    assert reminders_send(now=at)["due_72h"] == 0
    assert reminders(talent) == []
    assert reminders_send(now=at + datetime.timedelta(hours=6))["due_72h"] == 0  # 08:00 there
    # 19:00 UTC is 09:00 the next day in Kiritimati: sent, once.
    assert reminders_send(now=at + datetime.timedelta(hours=7))["due_72h"] == 1
    assert reminders_send(now=at + datetime.timedelta(hours=8))["due_72h"] == 0
    assert len(reminders(talent)) == 1


def test_daytime_a_reminder_that_cannot_wait_for_the_morning_goes_at_once(personas):
    talent = personas.other_talent
    f.profile(talent, tz="Pacific/Pago_Pago")  # UTC-11
    f.engagement(talent, personas.organization, hours=5, start=0, due=2, time_zone="UTC")
    # Due at 24:00 UTC on day 2 = 13:00 in Pago Pago. At 21:00 UTC on day 1 it is 10:00 there: fine.
    # At 12:00 UTC on day 2 it is 01:00 there, and 09:00 there (20:00 UTC) is before the due moment:
    # the reminder waits; at 20:00 UTC (09:00 there) it goes.
    night = datetime.datetime.combine(f.days(2), datetime.time(12), tzinfo=datetime.UTC)
    assert reminders_send(now=night)["due_24h"] == 0
    assert reminders_send(now=night + datetime.timedelta(hours=8))["due_24h"] == 1


@pytest.mark.parametrize(
    ("zone", "utc_hour", "ok"),
    [
        ("Asia/Kathmandu", 3, False),  # 08:45
        ("Asia/Kathmandu", 4, True),  # 09:45
        ("America/St_Johns", 12, True),  # 09:30 (summer time, UTC-2:30)
        ("America/St_Johns", 11, False),  # 08:30
        ("Pacific/Kiritimati", 12, False),  # 02:00 the next day
        ("Pacific/Kiritimati", 19, True),  # 09:00 the next day
        ("Pacific/Pago_Pago", 4, True),  # 17:00 the day before
        ("Pacific/Pago_Pago", 5, False),  # 18:00
    ],
)
def test_daytime_hours_in_far_from_utc_zones(zone, utc_hour, ok):
    now = datetime.datetime(2027, 7, 1, utc_hour, 0, tzinfo=datetime.UTC)
    assert reminder_hour_ok(now, zone) is ok


def test_an_engagement_at_risk_is_flagged_once(talent, personas):
    engagement = f.engagement(talent, personas.organization, hours=40, start=0, due=6)
    assert reminders_send()["at_risk"] == 1
    assert reminders_send()["at_risk"] == 0
    [notification] = reminders(talent, "reminder.at_risk")
    assert engagement.project.title in notification.title
    assert "new due date" in notification.body


def test_a_moved_due_date_re_arms_the_reminders(talent, personas):
    engagement = f.engagement(talent, personas.organization, hours=5, start=0, due=2)
    reminders_send(now=_noon(f.days(1)))
    Engagement.objects.filter(pk=engagement.pk).update(due_date=f.days(4))
    reminders_send(now=_noon(f.days(2)))
    assert len(reminders(talent)) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_each_reminder_once(personas):
    import threading

    from django.db import connection

    talent = personas.talent
    f.profile(talent)
    f.engagement(talent, personas.organization, hours=5, start=0, due=1)
    barrier = threading.Barrier(4)

    def run() -> None:
        try:
            barrier.wait()
            reminders_send()
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reminders(talent)) == 1
    assert len(reminders(talent, "reminder.at_risk")) == 1
