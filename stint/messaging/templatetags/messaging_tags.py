"""``{% unread_message_count as n %}``: the header menu's unread count (one query per page)."""

from __future__ import annotations

from typing import Any

from django import template

from stint.messaging.selectors import unread_message_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_message_count_for_viewer(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_message_count(user=user)
