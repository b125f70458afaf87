"""The email outbox: every email Stint sends goes through here, at least once, never lost.

Issue 9: senders used to mark an email as sent *before* sending it, so a worker killed mid-send
lost the email for good (9 of 50 in 10 kills). Now:

1. ``email_outbox_add`` stores the email once per ``dedup_key`` (a unique constraint), inside the
   caller's transaction when there is one, and enqueues its delivery on commit;
2. ``email_outbox_deliver`` claims the row with a lease (a conditional update ``pending`` or expired
   ``sending`` → ``sending`` until now + ``STINT_EMAIL_LEASE_SECONDS``), sends, and only then marks
   it ``sent``. A send that raises puts it back to ``pending`` (not before a backoff) and raises,
   so the task retries; after ``STINT_EMAIL_MAX_ATTEMPTS`` it is ``failed`` (logged, in the admin);
3. a process that dies mid-send leaves the row ``sending``: once the lease runs out, the task re-run
   by the reaper, or the periodic ``email_outbox_sweep``, claims it and sends again.

Delivery is therefore at least once. Each copy carries ``X-Stint-Dedup: <dedup_key>`` and a
``Message-ID`` derived from it, so a second copy (the process died after the SMTP server took the
message but before the row said so) is the same message to mail clients and servers.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from stint.core.taskqueue import backoff_seconds
from stint.notifications.models import OutgoingEmail

logger = logging.getLogger(__name__)

DEDUP_HEADER = "X-Stint-Dedup"
S = OutgoingEmail.Status
# A fresh pending email is left to the task enqueued with it for this long before the sweep helps.
SWEEP_GRACE = datetime.timedelta(seconds=60)
# Sent emails are kept this long (admin history), then deleted by the sweep. Their senders mark
# their own rows (``emailed_at``, a digest's period), so a deleted row is never asked for again.
KEEP_SENT = datetime.timedelta(days=30)


def message_id(dedup_key: str) -> str:
    """The ``Message-ID`` of every copy of the email ``dedup_key``: the same on each attempt."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "stint.localhost"
    return f"<{hashlib.sha256(dedup_key.encode()).hexdigest()[:40]}@{domain}>"


def email_outbox_add(*, dedup_key: str, to: list[str], subject: str, body: str, enqueue: bool = True) -> OutgoingEmail:
    """Queue one email, once per ``dedup_key`` (a second call returns the first row unchanged).

    Call it inside the transaction that decides the email, so both commit or neither does. With
    ``enqueue`` its delivery task is enqueued on commit; callers that deliver right away (a task)
    pass ``enqueue=False`` and call ``email_outbox_deliver`` themselves."""
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.create(dedup_key=dedup_key, to=list(to), subject=subject[:300], body=body)
    except IntegrityError:
        return OutgoingEmail.objects.get(dedup_key=dedup_key)
    if enqueue:
        transaction.on_commit(lambda: _enqueue_delivery(email.pk), robust=True)
    return email


def _enqueue_delivery(email_id: Any) -> None:
    from stint.notifications.tasks import deliver_outgoing_email

    deliver_outgoing_email.enqueue(str(email_id))


def _claimable(now: datetime.datetime) -> Q:
    return Q(status__in=[S.PENDING, S.SENDING]) & (Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now))


def email_outbox_deliver(*, email_id: Any) -> str:
    """Send one outbox email if nobody else is sending it. Returns ``sent``, ``already_sent``,
    ``in_progress`` (another sender holds a live lease, or a retry is not due yet), ``failed`` or
    ``missing``. Raises what the mail backend raised, after releasing the claim.

    Claims with a conditional update (one sender per lease); call it outside a transaction."""
    now = timezone.now()
    lease = now + datetime.timedelta(seconds=settings.EMAIL_LEASE_SECONDS)
    claimed = OutgoingEmail.objects.filter(
        _claimable(now), pk=email_id, attempts__lt=settings.EMAIL_MAX_ATTEMPTS
    ).update(status=S.SENDING, lease_expires_at=lease, attempts=F("attempts") + 1, updated_at=now)
    email = OutgoingEmail.objects.filter(pk=email_id).first()
    if email is None:
        return "missing"
    if not claimed:
        if email.status == S.SENT:
            return "already_sent"
        if email.status in (S.PENDING, S.SENDING) and email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            OutgoingEmail.objects.filter(_claimable(now), pk=email.pk).update(status=S.FAILED, lease_expires_at=None)
            return "failed"
        return "failed" if email.status == S.FAILED else "in_progress"
    if email.attempts > 1:
        logger.warning("outbox: sending %s again (attempt %s)", email.dedup_key, email.attempts)
    mine = OutgoingEmail.objects.filter(pk=email.pk, status=S.SENDING, lease_expires_at=lease)
    try:
        _send(email)
    except Exception as exc:
        _release_after_failure(mine, email, exc)
        raise
    # If the lease ran out while we sent and someone else took over, this updates nothing: the
    # email went out (at least) once, with the same Message-ID.
    mine.update(status=S.SENT, sent_at=timezone.now(), lease_expires_at=None, body="", last_error="")
    return "sent"


def _send(email: OutgoingEmail) -> None:
    EmailMessage(
        subject=email.subject,
        body=email.body,
        to=list(email.to),
        headers={"Message-ID": message_id(email.dedup_key), DEDUP_HEADER: email.dedup_key},
    ).send()


def _release_after_failure(mine: Any, email: OutgoingEmail, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if email.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        logger.error("outbox: giving up on %s after %s attempts: %s", email.dedup_key, email.attempts, error)
        mine.update(status=S.FAILED, lease_expires_at=None, last_error=error)
        return
    not_before = timezone.now() + datetime.timedelta(seconds=backoff_seconds(email.attempts))
    mine.update(status=S.PENDING, lease_expires_at=not_before, last_error=error)


def email_outbox_send(*, dedup_key: str, to: list[str], subject: str, body: str) -> str:
    """Queue and deliver at once (for tasks, outside a transaction): ``email_outbox_add`` then
    ``email_outbox_deliver``. Running it again for the same ``dedup_key`` sends nothing new unless
    the earlier send never finished (then it is sent again, once its lease has run out)."""
    email = email_outbox_add(dedup_key=dedup_key, to=to, subject=subject, body=body, enqueue=False)
    return email_outbox_deliver(email_id=email.pk)


def email_outbox_sweep(*, now: datetime.datetime | None = None, limit: int = 100) -> dict[str, int]:
    """Deliver emails whose sender died (lease run out), whose retry is due, or whose delivery task
    was never enqueued (periodic job), and forget emails sent long ago. Returns how many ended in
    each state."""
    now = now or timezone.now()
    OutgoingEmail.objects.filter(status=S.SENT, sent_at__lt=now - KEEP_SENT).delete()
    due = (
        OutgoingEmail.objects.filter(status__in=[S.PENDING, S.SENDING])
        .filter(Q(lease_expires_at__lte=now) | Q(lease_expires_at__isnull=True, created_at__lte=now - SWEEP_GRACE))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes: dict[str, int] = {}
    for pk in list(due):
        try:
            outcome = email_outbox_deliver(email_id=pk)
        except Exception as exc:  # noqa: BLE001 - one bad email must not stop the sweep
            logger.warning("outbox sweep: sending %s failed: %s", pk, exc)
            outcome = "error"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
