from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from stint.core.errors import ValidationFailed
from stint.core.htmx import render_partial
from stint.core.types import AuthedRequest, User
from stint.messaging import selectors, services
from stint.messaging.models import Thread


def thread_context(
    thread: Thread, post_url: str, message_error: str = "", *, reader: User | None = None
) -> dict[str, object]:
    """The thread panel's context. With ``reader`` (the viewing participant), the thread is marked
    read for them: the panel shows every message."""
    if reader is not None:
        services.thread_mark_read(user=reader, thread=thread)
    return {
        "thread": thread,
        "thread_messages": list(selectors.message_list(thread=thread)),
        "post_url": post_url,
        "message_error": message_error,
    }


def thread_back_url(thread: Thread) -> str:
    """Where the thread is shown: the application page or the engagement workspace."""
    return services.thread_url(thread)


INBOX_PAGE_SIZE = 20


def inbox_items(threads: list[Any], user: Any) -> list[dict[str, Any]]:
    items = []
    for thread in threads:
        side = selectors.inbox_side(thread=thread, user=user)
        items.append(
            {
                "thread": thread,
                "project": selectors.thread_project(thread),
                "counterpart": selectors.thread_counterpart(thread=thread, side=side),
                "mine": thread.last_author_id == user.pk,
            }
        )
    return items


@login_required
@require_http_methods(["GET", "HEAD"])
def inbox(request: AuthedRequest) -> HttpResponse:
    """Every conversation of the user, newest activity first, with unread counts."""
    paginator = Paginator(selectors.thread_list_for_user(user=request.user), INBOX_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "items": inbox_items(list(page_obj.object_list), request.user)}
    return render(request, "messaging/inbox.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def thread_post(request: AuthedRequest, thread_id: str) -> HttpResponse:
    """GET: the conversation on its own page, marked read for the viewer. POST: post a message;
    htmx gets the re-rendered thread, other browsers a redirect (back to this page when the form
    was sent from it, ``?from=inbox``; else to the application or engagement page)."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=thread_id)
    if request.method != "POST":
        services.thread_mark_read(user=request.user, thread=thread)
        side = selectors.thread_side(thread=thread, user=request.user) or ""
        context = {
            **thread_context(thread, f"{request.path}?from=inbox"),
            "project": selectors.thread_project(thread),
            "counterpart": selectors.thread_counterpart(thread=thread, side=side),
            "context_url": services.thread_url(thread),
        }
        return render(request, "messaging/thread_page.html", context)
    post_url = request.get_full_path()
    error = ""
    try:
        services.message_post(actor=request.user, thread=thread, body=request.POST.get("body", ""))
    except ValidationFailed as exc:
        error = exc.message
    if getattr(request, "htmx", False):
        return render_partial(
            request, "messaging/thread.html", "thread", thread_context(thread, post_url, error), status=200
        )
    if error:
        from django.contrib import messages

        messages.error(request, error)
    if request.GET.get("from") == "inbox":
        return redirect(f"/messages/{thread.pk}/")
    return redirect(thread_back_url(thread))
