from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from stint.core.errors import NotFound, ValidationFailed
from stint.messaging.models import MAX_MESSAGE_CHARS, Message, Thread
from stint.messaging.selectors import thread_participants, thread_side
from stint.notifications.services import notify


def thread_url(thread: Thread) -> str:
    """Where a thread is read: the application's page or the engagement's workspace, at #messages."""
    if thread.application_id:
        return f"/applications/{thread.application_id}/#messages"
    if thread.engagement_id:
        return f"/engagements/{thread.engagement_id}/#messages"
    return "/"


def clean_body(body: str) -> str:
    """Plain text: NUL bytes removed, surrounding whitespace trimmed, Windows line ends unified."""
    return (body or "").replace("\x00", "").replace("\r\n", "\n").strip()


def message_post(*, actor: Any, thread: Thread, body: str) -> Message:
    """Post a plain-text message (at most 5,000 characters) and notify the other side: the talent
    when a company member writes, the organization's members when the talent writes."""
    side = thread_side(thread=thread, user=actor)
    if side is None:
        raise NotFound("Conversation not found.")
    body = clean_body(body)
    if not body:
        raise ValidationFailed(
            "Write a message first.", code="message_empty", errors=[{"field": "body", "message": "Required."}]
        )
    if len(body) > MAX_MESSAGE_CHARS:
        raise ValidationFailed(
            f"Keep messages under {MAX_MESSAGE_CHARS} characters.",
            code="message_too_long",
            errors=[{"field": "body", "message": f"At most {MAX_MESSAGE_CHARS} characters."}],
        )

    with transaction.atomic():
        message = Message.objects.create(thread=thread, author=actor, body=body)
        participants = thread_participants(thread=thread)
        recipients = participants["company"] if side == "talent" else participants["talent"]
        source = thread.application or thread.engagement
        title = f"New message from {actor} about {source.project.title}"  # type: ignore[union-attr]
        url = thread_url(thread)
        for user in recipients:
            if user.pk != actor.pk:
                notify(user=user, event="message.posted", title=title, body=body[:300], url=url)
    return message


def thread_for_application(*, application: Any) -> Thread:
    """The application's thread, created on first use. The caller has checked access already."""
    thread = Thread.objects.filter(application=application).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            return Thread.objects.create(application=application)
    except IntegrityError:
        return Thread.objects.get(application=application)


def thread_for_engagement(*, engagement: Any) -> Thread:
    """The engagement's thread, created on first use. The caller has checked access already.

    Race-safe: two first visits at once create one thread (the one-to-one ``engagement`` column
    is unique; the loser of the insert reads the winner's row)."""
    thread = Thread.objects.filter(engagement=engagement).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            return Thread.objects.create(engagement=engagement)
    except IntegrityError:
        return Thread.objects.get(engagement=engagement)
