from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from stint.applications.selectors import application_get_for_participant
from stint.core.api import Page, ProblemSchema, paginate
from stint.messaging import selectors, services
from stint.messaging.models import Message
from stint.messaging.schemas import MessageIn, MessageOut

router = Router(tags=["messages"])


def message_to_dict(message: Message) -> dict[str, Any]:
    author = message.author
    return {
        "id": message.pk,
        "author": {"id": author.pk if author else None, "name": str(author) if author else "Deleted user"},
        "body": message.body,
        "created_at": message.created_at,
    }


@router.get(
    "/applications/{application_id}/messages",
    response={200: Page[MessageOut], 401: ProblemSchema, 404: ProblemSchema},
)
def application_messages(request: HttpRequest, application_id: uuid.UUID, page: int = 1, page_size: int = 50):  # type: ignore[no-untyped-def]
    """The messages between the applicant and the organization, oldest first."""
    application, _ = application_get_for_participant(user=request.user, application_id=application_id)
    thread = services.thread_for_application(application=application)
    items, count = paginate(selectors.message_list(thread=thread), page, page_size)
    return {"items": [message_to_dict(m) for m in items], "count": count}


@router.post(
    "/applications/{application_id}/messages",
    response={201: MessageOut, 401: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema},
)
def application_message_post(request: HttpRequest, application_id: uuid.UUID, payload: MessageIn):  # type: ignore[no-untyped-def]
    """Post a plain-text message on the application's thread; the other side is notified."""
    application, _ = application_get_for_participant(user=request.user, application_id=application_id)
    thread = services.thread_for_application(application=application)
    message = services.message_post(actor=request.user, thread=thread, body=payload.body)
    return Status(201, message_to_dict(message))
