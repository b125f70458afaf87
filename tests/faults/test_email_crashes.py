"""A process that dies while sending an email: the email is sent after all (issue 9).

Each of the three senders (notification emails, organization invitations, saved-search digests) is
killed in the middle of sending; after the lease runs out, the re-run task (what the reaper does)
or the outbox sweep sends it: exactly one email when the process died before the email left, and
at least one, all with the same dedup key and Message-ID, when it died after. The same with a real
worker process killed by SIGKILL is in stint/notifications/tests/test_email_faults.py.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from stint.core.testing.mail import DyingLocmemBackend, ProcessKilled
from stint.matching.models import SavedSearch
from stint.matching.services import saved_search_create, send_due_digests
from stint.notifications.models import Notification, OutgoingEmail
from stint.notifications.outbox import (
    DEDUP_HEADER,
    email_outbox_add,
    email_outbox_deliver,
    email_outbox_sweep,
    message_id,
)
from stint.notifications.tasks import send_notification_email
from stint.organizations import services as organizations
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dying_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": "stint.core.testing.mail.DyingLocmemBackend"}}
    DyingLocmemBackend.die = None
    yield DyingLocmemBackend
    DyingLocmemBackend.die = None


def lease_runs_out(dedup_key: str) -> None:
    """Time passes beyond the dead sender's lease."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    assert OutgoingEmail.objects.filter(dedup_key=dedup_key, status="sending").update(lease_expires_at=past) == 1


def copies(dedup_key: str) -> list:
    found = [m for m in mail.outbox if m.extra_headers.get(DEDUP_HEADER) == dedup_key]
    assert all(m.extra_headers["Message-ID"] == message_id(dedup_key) for m in found)
    return found


def test_notification_email_is_sent_after_its_worker_died_mid_send(dying_mail, personas):
    notification = Notification.objects.create(user=personas.talent, event="payment.released", title="Paid")
    key = f"notification:{notification.pk}"
    dying_mail.die = "before"
    with pytest.raises(ProcessKilled):
        send_notification_email.call(str(notification.pk))
    assert mail.outbox == []
    # The reaper re-runs the task while the dead worker's lease is still live: nothing yet.
    assert send_notification_email.call(str(notification.pk)) == "in_progress"
    lease_runs_out(key)
    assert send_notification_email.call(str(notification.pk)) == "sent"
    assert send_notification_email.call(str(notification.pk)) == "already_sent"
    assert len(copies(key)) == 1 and len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_crash_after_the_email_left_sends_a_duplicate_with_the_same_key(dying_mail, personas):
    """At least once: the second copy is recognisable as the same message."""
    notification = Notification.objects.create(user=personas.talent, event="payment.released", title="Paid")
    key = f"notification:{notification.pk}"
    dying_mail.die = "after"
    with pytest.raises(ProcessKilled):
        send_notification_email.call(str(notification.pk))
    lease_runs_out(key)
    assert send_notification_email.call(str(notification.pk)) == "sent"
    assert len(copies(key)) == 2 and len(mail.outbox) == 2
    assert mail.outbox[0].subject == mail.outbox[1].subject == "[Stint] Paid"


def test_invitation_email_is_sent_after_its_worker_died_mid_send(dying_mail, personas):
    invitation = organizations.invitation_create(
        actor=personas.company_owner, organization=personas.organization, email="new.person@example.test", role="member"
    )
    mail.outbox.clear()
    key = f"invitation:{invitation.pk}"
    dying_mail.die = "before"
    with pytest.raises(ProcessKilled):
        organizations.invitation_send_email(invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.emailed_at is None and mail.outbox == []
    assert organizations.invitation_send_email(invitation_id=invitation.pk) is False  # lease still live
    lease_runs_out(key)
    assert organizations.invitation_send_email(invitation_id=invitation.pk) is True
    assert organizations.invitation_send_email(invitation_id=invitation.pk) is False
    [email] = copies(key)
    assert email.to == ["new.person@example.test"] and "/organizations/invitations/" in email.body
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.emailed_at is not None


def test_saved_search_digest_is_sent_after_its_worker_died_mid_send(
    dying_mail, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # indexed on commit
        ProjectFactory(title="Zeppelin photo essay")
    saved = saved_search_create(user=personas.talent, name="Zeppelin", params={"q": "zeppelin"}, frequency="daily")
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - datetime.timedelta(days=2))
    saved.refresh_from_db()
    key = f"saved_search_digest:{saved.pk}:{saved.last_sent_at.isoformat()}"
    dying_mail.die = "before"
    # The delivery task (enqueued on commit) dies mid-send; the digest period is already claimed.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_digests() == 1
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_digests() == 0  # this period is claimed: the digest task alone would lose it
    assert email_outbox_sweep() == {}  # the dead sender's lease is live
    lease_runs_out(key)
    assert email_outbox_sweep() == {"sent": 1}
    assert email_outbox_sweep() == {}
    [email] = copies(key)
    assert email.to == [personas.talent.email] and "Zeppelin photo essay" in email.body
    assert len(mail.outbox) == 1


def test_an_email_that_keeps_failing_is_given_up_after_the_limit(settings, personas):
    settings.EMAIL_MAX_ATTEMPTS = 2
    settings.TASK_RETRY_BASE_SECONDS = 0
    settings.MAILERS = {"default": {"BACKEND": "tests.faults.test_email_crashes.RefusingBackend"}}
    email = email_outbox_add(dedup_key="test:refused", to=["x@example.test"], subject="s", body="b", enqueue=False)
    for _ in range(2):
        with pytest.raises(ConnectionRefusedError):
            email_outbox_deliver(email_id=email.pk)
    assert email_outbox_deliver(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", 2)
    assert "ConnectionRefusedError" in email.last_error


class RefusingBackend(DyingLocmemBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server refused")


def test_the_sweep_sends_an_email_whose_delivery_was_never_enqueued_and_forgets_old_ones(personas):
    lost = email_outbox_add(dedup_key="test:lost", to=["x@example.test"], subject="s", body="b", enqueue=False)
    old = email_outbox_add(dedup_key="test:old", to=["y@example.test"], subject="s", body="b", enqueue=False)
    OutgoingEmail.objects.filter(pk=old.pk).update(status="sent", sent_at=timezone.now() - datetime.timedelta(days=31))
    assert email_outbox_sweep() == {}  # a fresh email is left to its own task for a minute
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert email_outbox_sweep(now=later) == {"sent": 1}
    assert [m.to for m in mail.outbox] == [["x@example.test"]]
    assert list(OutgoingEmail.objects.values_list("dedup_key", "status", "body")) == [("test:lost", "sent", "")]
    assert lost.dedup_key == "test:lost"
