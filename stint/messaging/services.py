from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from stint.core.errors import NotFound, ValidationFailed
from stint.core.types import User
from stint.messaging.models import MAX_MESSAGE_CHARS, Message, Thread, ThreadReadMarker
from stint.messaging.selectors import thread_participants, thread_project, thread_side
from stint.notifications.services import in_language_of, notify


def thread_url(thread: Thread) -> str:
    """Where a thread is read in context: the engagement's workspace once there is one (the thread
    carries on there), else the application's page, at #messages."""
    if thread.connection_id:
        return f"/messages/{thread.pk}/"
    if thread.engagement_id:
        return f"/engagements/{thread.engagement_id}/#messages"
    if thread.application_id:
        return f"/applications/{thread.application_id}/#messages"
    return "/"


def clean_body(body: str) -> str:
    """Plain text: NUL bytes removed, surrounding whitespace trimmed, Windows line ends unified."""
    return (body or "").replace("\x00", "").replace("\r\n", "\n").strip()


def message_post(*, actor: User, thread: Thread, body: str) -> Message:
    """Post a plain-text message (at most 5,000 characters) and notify the other side: the talent
    when a company member writes, the organization's members when the talent writes. The thread
    counts as read for the author up to their own message."""
    side = thread_side(thread=thread, user=actor)
    if side is None:
        raise NotFound(gettext("Conversation not found."))
    body = clean_body(body)
    if not body:
        raise ValidationFailed(
            gettext("Write a message first."),
            code="message_empty",
            errors=[{"field": "body", "message": gettext("Required.")}],
        )
    if len(body) > MAX_MESSAGE_CHARS:
        raise ValidationFailed(
            gettext("Keep messages under %(count)s characters.") % {"count": MAX_MESSAGE_CHARS},
            code="message_too_long",
            errors=[
                {"field": "body", "message": gettext("At most %(count)s characters.") % {"count": MAX_MESSAGE_CHARS}}
            ],
        )

    with transaction.atomic():
        message = Message.objects.create(thread=thread, author=actor, body=body)
        participants = thread_participants(thread=thread)
        recipients = participants["company"] if side == "talent" else participants["talent"]
        project_title = thread_project(thread).title
        url = thread_url(thread)
        for user in recipients:
            if user.pk != actor.pk:
                with in_language_of(user):
                    title = gettext("New message from %(author)s about %(project)s") % {
                        "author": actor,
                        "project": project_title,
                    }
                    notify(user=user, event="message.posted", title=title, body=body[:300], url=url)
        thread_mark_read(user=actor, thread=thread)  # whoever answers has read what came before
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
    """The engagement's thread: the thread of the application it came from, which carries on here
    (created on first use; ``engagement`` is set on it). The caller has checked access already.

    Race-safe: the one-to-one ``application`` and ``engagement`` columns are unique, so two first
    visits at once create one thread (the loser of the insert reads the winner's row), and setting
    ``engagement`` on the application's thread is a conditional update."""
    thread = Thread.objects.filter(Q(engagement=engagement) | Q(application_id=engagement.application_id)).first()
    if thread is None:
        try:
            with transaction.atomic():
                return Thread.objects.create(application_id=engagement.application_id, engagement=engagement)
        except IntegrityError:
            thread = Thread.objects.get(Q(engagement=engagement) | Q(application_id=engagement.application_id))
    if thread.engagement_id is None:
        Thread.objects.filter(pk=thread.pk, engagement__isnull=True).update(engagement=engagement)
        thread.engagement = engagement
    return thread


def thread_mark_read(*, user: User, thread: Thread) -> ThreadReadMarker | None:
    """Mark every message of ``thread`` read for ``user`` (a participant; the caller checked).

    The marker moves to the newest message's time and only forward (a conditional update), so two
    requests at once, or a late one, never make read messages unread again. No messages: nothing
    is written."""
    newest = Message.objects.filter(thread=thread).aggregate(newest=Max("created_at"))["newest"]
    if newest is None:
        return None
    marker = ThreadReadMarker.objects.filter(thread=thread, user=user).first()
    if marker is None:
        try:
            with transaction.atomic():
                return ThreadReadMarker.objects.create(thread=thread, user=user, read_until=newest)
        except IntegrityError:
            marker = ThreadReadMarker.objects.get(thread=thread, user=user)
    ThreadReadMarker.objects.filter(pk=marker.pk, read_until__lt=newest).update(
        read_until=newest, updated_at=timezone.now()
    )
    marker.refresh_from_db()
    return marker
