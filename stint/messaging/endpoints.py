from __future__ import annotations

import uuid
from typing import Any

from django.utils.translation import gettext
from ninja import Router, Status

from stint.applications.selectors import application_get_for_participant
from stint.core.api import Page, ProblemSchema, paginate
from stint.core.types import AuthedRequest
from stint.messaging import selectors, services
from stint.messaging.models import Message, Thread
from stint.messaging.schemas import MessageIn, MessageOut, ThreadOut, ThreadPage

router = Router(tags=["messages"])


def message_to_dict(message: Message) -> dict[str, Any]:
    author = message.author
    return {
        "id": message.pk,
        "author": {"id": author.pk if author else None, "name": str(author) if author else gettext("Deleted user")},
        "body": message.body,
        "created_at": message.created_at,
    }


@router.get(
    "/applications/{application_id}/messages",
    response={200: Page[MessageOut], 401: ProblemSchema, 404: ProblemSchema},
)
def application_messages(request: AuthedRequest, application_id: uuid.UUID, page: int = 1, page_size: int = 50):
    """The messages between the applicant and the organization, oldest first."""
    application, _ = application_get_for_participant(user=request.user, application_id=application_id)
    thread = services.thread_for_application(application=application)
    items, count = paginate(selectors.message_list(thread=thread), page, page_size)
    return {"items": [message_to_dict(m) for m in items], "count": count}


@router.post(
    "/applications/{application_id}/messages",
    response={201: MessageOut, 401: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema},
)
def application_message_post(request: AuthedRequest, application_id: uuid.UUID, payload: MessageIn):
    """Post a plain-text message on the application's thread; the other side is notified."""
    application, _ = application_get_for_participant(user=request.user, application_id=application_id)
    thread = services.thread_for_application(application=application)
    message = services.message_post(actor=request.user, thread=thread, body=payload.body)
    return Status(201, message_to_dict(message))


def thread_to_dict(thread: Thread, user: Any) -> dict[str, Any]:
    """A thread of the inbox, annotated by ``selectors.thread_list_for_user`` (a thread without
    messages has no annotations: no last message, nothing unread)."""
    side = selectors.inbox_side(thread=thread, user=user)
    project = selectors.thread_project(thread)
    last_at = getattr(thread, "last_message_at", None)
    last = None
    if last_at is not None:
        body = getattr(thread, "last_body", "") or ""
        last = {"author_id": getattr(thread, "last_author_id", None), "body": body[:200], "created_at": last_at}
    return {
        "id": thread.pk,
        "application_id": thread.application_id,
        "engagement_id": thread.engagement_id,
        "project": {"id": project.pk, "title": project.title},
        "side": side,
        "counterpart": selectors.thread_counterpart(thread=thread, side=side),
        "last_message": last,
        "unread_count": getattr(thread, "unread_count", 0),
        "url": services.thread_url(thread),
    }


@router.get("/messages/threads", response={200: ThreadPage, 401: ProblemSchema, 422: ProblemSchema})
def thread_list(request: AuthedRequest, page: int = 1, page_size: int = 20):
    """Your inbox: every conversation you take part in (as the applicant, or as a member of the
    project's organization) that has a message, newest activity first, with unread counts. A
    conversation that began on an application carries on in its engagement (one thread)."""
    items, count = paginate(selectors.thread_list_for_user(user=request.user), page, page_size)
    return {
        "items": [thread_to_dict(t, request.user) for t in items],
        "count": count,
        "unread_count": selectors.unread_message_count(user=request.user),
    }


@router.get(
    "/messages/threads/{thread_id}/messages",
    response={200: Page[MessageOut], 401: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema},
)
def thread_messages(request: AuthedRequest, thread_id: uuid.UUID, page: int = 1, page_size: int = 50):
    """A conversation's messages, oldest first (participants only; anyone else 404). Reading does
    not mark them read: `POST …/read` does."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=thread_id)
    items, count = paginate(selectors.message_list(thread=thread), page, page_size)
    return {"items": [message_to_dict(m) for m in items], "count": count}


@router.post(
    "/messages/threads/{thread_id}/messages",
    response={201: MessageOut, 401: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema},
)
def thread_message_post(request: AuthedRequest, thread_id: uuid.UUID, payload: MessageIn):
    """Post a plain-text message; the other side is notified, and the thread counts as read for you."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=thread_id)
    message = services.message_post(actor=request.user, thread=thread, body=payload.body)
    return Status(201, message_to_dict(message))


@router.post("/messages/threads/{thread_id}/read", response={200: ThreadOut, 401: ProblemSchema, 404: ProblemSchema})
def thread_read(request: AuthedRequest, thread_id: uuid.UUID):
    """Mark the conversation read up to its newest message (your read marker only moves forward)."""
    thread = selectors.thread_get_for_user(user=request.user, thread_id=thread_id)
    services.thread_mark_read(user=request.user, thread=thread)
    return thread_to_dict(
        selectors.thread_list_for_user(user=request.user).filter(pk=thread.pk).first() or thread, request.user
    )
