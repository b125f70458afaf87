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
from stint.planner.services import reminders_send
from stint.planner.tasks import send_planner_reminders
from stint.planner.tests import factories as f

pytestmark = pytest.mark.django_db


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


def test_the_reminder_follows_the_talents_time_zone(personas):
    talent = personas.other_talent
    f.profile(talent, tz="Pacific/Kiritimati")  # UTC+14: the due date ends 14 h earlier than in UTC
    f.engagement(talent, personas.organization, hours=5, start=0, due=3)
    # At 12:00 UTC on day 2, the end of day 3 in Kiritimati is 10:00 UTC on day 3: 22 h away.
    assert reminders_send(now=_noon(f.days(2)))["due_24h"] == 1


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
