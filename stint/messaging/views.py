from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from stint.core.errors import ValidationFailed
from stint.core.htmx import render_partial
from stint.messaging import selectors, services


def thread_context(thread: object, post_url: str, message_error: str = "") -> dict[str, object]:
    return {
        "thread": thread,
        "thread_messages": list(selectors.message_list(thread=thread)),  # type: ignore[arg-type]
        "post_url": post_url,
        "message_error": message_error,
    }


def thread_back_url(thread: object) -> str:
    """Where the thread is shown: the application page or the engagement workspace."""
    return services.thread_url(thread)  # type: ignore[arg-type]


@login_required
@require_POST
def thread_post(request: HttpRequest, thread_id: str) -> HttpResponse:
    """Post a message to a thread; htmx gets the re-rendered thread, other browsers a redirect."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=thread_id)
    post_url = request.path
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
    return redirect(thread_back_url(thread))
