"""Email delivery of notifications, off the request path."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from stint.core.scheduler import register_periodic
from stint.core.taskqueue import stint_task
from stint.notifications.choices import EVENT_GROUPS, event_group
from stint.notifications.models import Notification
from stint.notifications.outbox import email_outbox_deliver, email_outbox_send, email_outbox_sweep
from stint.notifications.selectors import notification_email_enabled
from stint.notifications.services import in_language_of

logger = logging.getLogger(__name__)


@stint_task
def send_notification_email(notification_id: str) -> str:
    """Email one notification if the recipient wants email for its event group.

    Safe to run twice, and safe to kill: the email goes through the outbox under the key
    ``notification:<id>`` (claimed with a lease, sent, then marked; see ``outbox.py``), and
    ``emailed_at`` is set only after it left. Returns what happened, for logs and tests."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None:
        return "missing"
    if notification.emailed_at is not None:
        return "already_sent"
    user = notification.user
    if not user.is_active or not user.email:
        return "no_address"
    if not notification_email_enabled(user=user, event=notification.event):
        return "disabled"
    with in_language_of(user):  # written for the recipient, whoever caused it
        subject, body = _render(notification, user)
    outcome = email_outbox_send(
        dedup_key=f"notification:{notification.pk}", to=[user.email], subject=subject, body=body
    )
    if outcome in ("sent", "already_sent"):
        Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return outcome


@stint_task
def deliver_outgoing_email(email_id: str) -> str:
    """Send one outbox email (enqueued on commit by ``email_outbox_add``)."""
    return email_outbox_deliver(email_id=email_id)


@stint_task
def sweep_outgoing_emails() -> dict[str, int]:
    """Send the outbox emails whose sender died or whose delivery was never enqueued."""
    return email_outbox_sweep()


register_periodic("notifications.sweep_outgoing_emails", sweep_outgoing_emails, every_seconds=60)


def _render(notification: Notification, user: Any) -> tuple[str, str]:
    site_url = settings.SITE_URL.rstrip("/")
    link = ""
    if notification.url:
        link = notification.url if "://" in notification.url else f"{site_url}{notification.url}"
    context = {
        "notification": notification,
        "user": user,
        "link": link,
        "group_label": str(EVENT_GROUPS[event_group(notification.event)]),
        "preferences_url": f"{site_url}/notifications/preferences/",
    }
    subject = gettext("[Stint] %(title)s") % {"title": notification.title}
    return subject, render_to_string("notifications/email/notification.txt", context)
