from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext

from stint.core.errors import NotFound
from stint.core.types import User
from stint.notifications.choices import DEFAULT_EMAIL, EVENT_GROUPS, event_group
from stint.notifications.models import Notification, NotificationPreference


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_unread_count(*, user: User) -> int:
    """One query; the header shows it on every page."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_get_for_user(*, user: User, notification_id: Any) -> Notification:
    """The user's own notification, or ``NotFound`` (someone else's is a 404, not a 403)."""
    try:
        return Notification.objects.get(pk=notification_id, user=user)
    except (Notification.DoesNotExist, ValueError, TypeError, ValidationError):
        raise NotFound(gettext("No such notification."), code="notification_not_found") from None


@dataclass(frozen=True)
class GroupPreference:
    group: str
    label: str
    email: bool


def notification_preferences_for(*, user: User) -> list[GroupPreference]:
    """Every event group with the user's choice (the default where they made none)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("group", "email"))
    return [
        GroupPreference(group, str(label), chosen.get(group, DEFAULT_EMAIL)) for group, label in EVENT_GROUPS.items()
    ]


def notification_email_enabled(*, user: User, event: str) -> bool:
    row = NotificationPreference.objects.filter(user=user, group=event_group(event)).values_list("email", flat=True)
    values = list(row)
    return values[0] if values else DEFAULT_EMAIL
