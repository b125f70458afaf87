from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from stint.notifications.selectors import notification_unread_count


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The unread count in the header: one COUNT query per page, none for anonymous visitors."""
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = notification_unread_count(user=user)
    return {"unread_notifications": unread}
