"""``{% load messaging_tags %}{% message_thread application=application %}``: the message thread
panel of an application or an engagement, for pages of the lower apps (which do not import
messaging). The caller has checked that the viewer is one of the two sides."""

from __future__ import annotations

from typing import Any

from django import template

from stint.messaging import selectors, services

register = template.Library()


@register.inclusion_tag("messaging/thread.html", takes_context=True)
def message_thread(context: template.Context, application: Any = None, engagement: Any = None) -> dict[str, Any]:
    if engagement is not None:
        thread = services.thread_for_engagement(engagement=engagement)
    else:
        thread = services.thread_for_application(application=application)
    return {
        "thread": thread,
        "thread_messages": list(selectors.message_list(thread=thread)),
        "post_url": f"/messages/{thread.pk}/",
        "message_error": "",
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }
