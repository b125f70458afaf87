"""The one service other features call to notify someone, and the reader's own actions."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from stint.core.errors import ValidationFailed
from stint.core.types import User
from stint.notifications.choices import EVENT_GROUPS
from stint.notifications.models import Notification, NotificationPreference
from stint.notifications.selectors import notification_get_for_user

_emails_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("notification_emails_muted", default=False)


@contextlib.contextmanager
def notification_emails_muted() -> Iterator[None]:
    """Inside the block (and the on-commit callbacks that run within it) notifications are created
    in the app but never emailed: the demo loader's made-up history reaches no inbox."""
    token = _emails_muted.set(True)
    try:
        yield
    finally:
        _emails_muted.reset(token)


@contextlib.contextmanager
def in_language_of(user: User) -> Iterator[None]:
    """Inside the block, translated texts come out in ``user``'s language (their setting, else the
    site default): notification titles and bodies, emails and exports written for someone other
    than the person making the request (docs/i18n.md)."""
    language = user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language):
        yield


def notify(*, user: User, event: str, title: str, body: str = "", url: str = "") -> Notification:
    """Create an in-app notification for ``user`` and, if their preferences allow it, email it
    (through ``send_notification_email``, enqueued on commit). ``event`` is a dotted code such as
    ``application.rejected``; its first part picks the preference group (see ``choices.py``).
    ``url`` is a site-relative link (``/engagements/…``) shown in the app and in the email."""
    muted = _emails_muted.get()
    notification = Notification.objects.create(
        user=user,
        event=event,
        title=title[:200],
        body=body,
        url=url[:500],
        emailed_at=timezone.now() if muted else None,  # "done with email": nothing is sent
    )
    if muted:
        return notification
    # robust: the notification has committed; failing to enqueue its email must not fail the caller.
    transaction.on_commit(lambda: _enqueue_email(notification.pk), robust=True)
    return notification


def _enqueue_email(notification_id: Any) -> None:
    from stint.notifications.tasks import send_notification_email

    send_notification_email.enqueue(str(notification_id))


def notification_mark_read(*, user: User, notification_id: Any) -> Notification:
    """Mark one of the user's notifications read (idempotent: reading twice keeps the first time)."""
    notification = notification_get_for_user(user=user, notification_id=notification_id)
    if notification.read_at is None:
        now = timezone.now()
        if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now):
            notification.read_at = now
        else:
            notification.refresh_from_db(fields=["read_at"])
    return notification


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_preferences_update(*, user: User, email: Mapping[str, bool]) -> None:
    """Set, per event group, whether the user gets email. Groups not mentioned keep their value."""
    unknown = sorted(set(email) - set(EVENT_GROUPS))
    if unknown:
        raise ValidationFailed(
            gettext("Unknown notification group: %(groups)s.") % {"groups": ", ".join(unknown)},
            code="unknown_notification_group",
            errors=[
                {"field": "preferences", "message": gettext("unknown group %(group)r") % {"group": g}} for g in unknown
            ],
        )
    with transaction.atomic():
        for group, wants_email in email.items():
            NotificationPreference.objects.update_or_create(
                user=user, group=group, defaults={"email": bool(wants_email)}
            )
