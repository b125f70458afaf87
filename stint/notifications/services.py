"""The one service other features call to notify someone."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from stint.notifications.models import Notification


def notify(*, user: Any, event: str, title: str, body: str = "", url: str = "") -> Notification:
    """Create an in-app notification for ``user`` and, if their preferences allow it, email it
    (through a task enqueued on commit). ``event`` is a dotted code such as ``application.rejected``."""
    notification = Notification.objects.create(user=user, event=event, title=title[:200], body=body, url=url)
    transaction.on_commit(lambda: _enqueue_email(notification.pk))
    return notification


def _enqueue_email(notification_id: Any) -> None:
    try:
        from stint.notifications.tasks import send_notification_email
    except ImportError:  # email delivery not wired yet
        return
    send_notification_email.enqueue(str(notification_id))
