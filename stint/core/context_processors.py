from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Site-wide template variables. The unread count is one COUNT query per page."""
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        from stint.notifications.selectors import notification_unread_count

        unread = notification_unread_count(user=user)
    return {
        "SITE_NAME": "Stint",
        "DEBUG": settings.DEBUG,
        "unread_notifications": unread,
    }
