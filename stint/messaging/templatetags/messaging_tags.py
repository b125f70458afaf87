"""Messaging's template tags for the pages of lower apps (which do not import messaging):

- ``{% message_thread application=application %}`` / ``engagement=engagement``: the thread panel of
  an application or an engagement. The caller has checked that the viewer is one of the two sides;
  showing the panel marks the thread read for the viewer (the panel shows every message).
- ``{% unread_message_count_for_viewer as n %}``: the header menu's unread count (one query a page).
"""

from __future__ import annotations

from typing import Any

from django import template

from stint.messaging import selectors, services
from stint.messaging.connections import connection_for_engagement, connection_thread
from stint.messaging.views import thread_context

register = template.Library()


@register.inclusion_tag("messaging/thread.html", takes_context=True)
def message_thread(context: template.Context, application: Any = None, engagement: Any = None) -> dict[str, Any]:
    if engagement is not None:
        thread = services.thread_for_engagement(engagement=engagement)
    else:
        thread = services.thread_for_application(application=application)
    request = context.get("request")
    user = getattr(request, "user", None)
    reader = user if user is not None and user.is_authenticated else None
    connection = None
    if engagement is not None and reader is not None:
        connection = connection_for_engagement(engagement=engagement, user=reader)
    return {
        **thread_context(thread, f"/messages/{thread.pk}/", reader=reader),
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "connection": connection_link(connection, reader) if connection is not None else None,
    }


def connection_link(connection: Any, user: Any) -> dict[str, Any]:
    other = connection.supervisor if user.pk == connection.talent_id else connection.talent
    return {"name": other.name or "them", "url": f"/messages/{connection_thread(connection).pk}/"}


@register.simple_tag(takes_context=True)
def unread_message_count_for_viewer(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return selectors.unread_message_count(user=user)
