"""Fault test: a real worker process killed by SIGKILL in the middle of sending an email.

Issue 9: the notification was marked emailed before sending, so the reaper's re-run found
"already sent" and the email was lost (9 of 50 in 10 kills). Here a ``stint_worker`` subprocess
sends through a file backend that hangs mid-send; the test kills it, runs the reaper, lets the
dead worker's lease run out and starts a new worker: every notification is emailed, exactly once
when the worker died before the email left, and with the same dedup key on both copies when it
died just after.
"""

from __future__ import annotations

import collections

import pytest
from django.tasks.base import TaskResultStatus
from django.utils import timezone

from stint.core.taskqueue import reap_stuck_tasks
from stint.core.testing.faults import shared_database, start_worker, wait_for
from stint.core.testing.mail import read_emails
from stint.notifications.models import Notification, OutgoingEmail
from stint.notifications.outbox import DEDUP_HEADER, message_id
from stint.notifications.services import notify
from stint.notifications.tasks import send_notification_email

LEASE_SECONDS = 2


def _unfinished_sends() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=send_notification_email.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).count()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("moment", "copies_of_the_first"), [("before", 1), ("after", 2)])
def test_worker_killed_mid_email_loses_no_email(settings, tmp_path, personas, moment, copies_of_the_first):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    (mail_dir / f"block-{moment}").touch()
    env = {"STINT_FAULT_MAIL_DIR": str(mail_dir), "STINT_EMAIL_LEASE_SECONDS": str(LEASE_SECONDS)}
    with shared_database(tmp_path) as database_url:
        notifications = [
            notify(user=user, event="payment.released", title=f"Paid {i}")
            for i, user in enumerate([personas.talent, personas.other_talent, personas.company_owner])
        ]
        first = start_worker(database_url=database_url, log_dir=tmp_path / "logs", env=env)
        try:
            wait_for(lambda: (mail_dir / "sending").exists() or not first.alive, what="the worker to start sending")
            assert first.alive, first.log()
        finally:
            first.kill()
        (mail_dir / f"block-{moment}").unlink()
        assert len(read_emails(mail_dir)) == (1 if moment == "after" else 0)

        assert reap_stuck_tasks(stuck_after_seconds=0) == 1
        dead = OutgoingEmail.objects.get(status="sending")
        lease_end = dead.lease_expires_at
        assert lease_end is not None
        wait_for(lambda: timezone.now() > lease_end, what="the dead worker's lease to run out")

        second = start_worker(database_url=database_url, log_dir=tmp_path / "logs", env=env)
        try:
            wait_for(lambda: _unfinished_sends() == 0 or not second.alive, what="the new worker to send everything")
            assert second.alive, second.log()
        finally:
            second.kill()

        emails = read_emails(mail_dir)
        per_key = collections.Counter(e[DEDUP_HEADER] for e in emails)
        expected = {f"notification:{n.pk}": 1 for n in notifications}
        expected[dead.dedup_key] = copies_of_the_first
        assert per_key == expected, second.log()
        assert all(e["Message-ID"] == message_id(e[DEDUP_HEADER]) for e in emails)
        assert not Notification.objects.filter(emailed_at__isnull=True).exists()
        assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {"sent"}
