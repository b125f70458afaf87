"""Email delivery of notifications, off the request path."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from stint.core.taskqueue import stint_task
from stint.notifications.choices import EVENT_GROUPS, event_group
from stint.notifications.models import Notification
from stint.notifications.selectors import notification_email_enabled

logger = logging.getLogger(__name__)


@stint_task
def send_notification_email(notification_id: str) -> str:
    """Email one notification if the recipient wants email for its event group.

    Safe to run twice: the notification is claimed with a conditional update on ``emailed_at``
    (only the run that sets it sends), and the claim is released when sending fails so the retry
    can send. Returns what happened, for logs and tests."""
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
    now = timezone.now()
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(emailed_at=now):
        return "already_sent"
    try:
        _send(notification, user)
    except Exception:
        Notification.objects.filter(pk=notification.pk, emailed_at=now).update(emailed_at=None)
        raise
    return "sent"


def _send(notification: Notification, user: Any) -> None:
    site_url = getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    link = ""
    if notification.url:
        link = notification.url if "://" in notification.url else f"{site_url}{notification.url}"
    context = {
        "notification": notification,
        "user": user,
        "link": link,
        "group_label": EVENT_GROUPS[event_group(notification.event)],
        "preferences_url": f"{site_url}/notifications/preferences/",
    }
    body = render_to_string("notifications/email/notification.txt", context)
    message = EmailMessage(
        subject=f"[Stint] {notification.title}",
        body=body,
        to=[user.email],
    )
    message.send()
