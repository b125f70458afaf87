from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    """Site-wide template variables (the unread count is ``stint.notifications.context_processors``)."""
    return {
        "SITE_NAME": "Stint",
        "DEBUG": settings.DEBUG,
    }
