"""Threads and their participants. A thread is visible only to its participants (404 otherwise)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from stint.core.errors import NotFound
from stint.core.types import Actor, User
from stint.messaging.models import Message, Thread, ThreadReadMarker
from stint.organizations.models import Membership
from stint.organizations.selectors import user_is_member

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # annotated rows (a dev-only package: types only)


def thread_project(thread: Thread) -> Any:
    """The project a thread is about: its application's or engagement's, or, for a connection, the
    engagement that connected the two people."""
    if thread.connection_id:
        return thread.connection.engagement.project  # type: ignore[union-attr]
    return (thread.application or thread.engagement).project  # type: ignore[union-attr]


def _subject(thread: Thread) -> tuple[Any, Any]:
    """(talent id, organization id) of the thread's application or engagement."""
    source = thread.application if thread.application_id else thread.engagement
    assert source is not None
    return source.talent_id, source.project.organization_id


def thread_side(*, thread: Thread, user: Actor) -> str | None:
    """``"talent"``, ``"company"`` or None when ``user`` does not take part in the thread."""
    if not user.is_authenticated:
        return None
    if thread.connection_id:
        connection = thread.connection
        assert connection is not None
        return {connection.talent_id: "talent", connection.supervisor_id: "company"}.get(user.pk)
    talent_id, organization_id = _subject(thread)
    if user.pk == talent_id:
        return "talent"
    if user_is_member(user=user, organization_id=organization_id):
        return "company"
    return None


def thread_participants(*, thread: Thread) -> dict[str, list[Any]]:
    if thread.connection_id:
        connection = thread.connection
        assert connection is not None
        return {"talent": [connection.talent], "company": [connection.supervisor]}
    _, organization_id = _subject(thread)
    source = thread.application if thread.application_id else thread.engagement
    company = [m.user for m in Membership.objects.filter(organization_id=organization_id).select_related("user")]
    return {"talent": [source.talent], "company": company}  # type: ignore[union-attr]


def thread_get_for_user(*, user: User, thread_id: Any) -> Thread:
    thread = (
        Thread.objects.select_related(
            "application",
            "application__project",
            "application__talent",
            "engagement",
            "engagement__project",
            "connection__talent",
            "connection__supervisor",
            "connection__engagement__project",
        )
        .filter(pk=thread_id)
        .first()
    )
    if thread is None or thread_side(thread=thread, user=user) is None:
        raise NotFound(gettext("Conversation not found."))
    return thread


def message_list(*, thread: Thread) -> QuerySet[Message]:
    return Message.objects.filter(thread=thread).select_related("author").order_by("created_at")


# Before any message: what "read until" means for a participant who never opened the thread.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _read_until(user: User, thread_ref: Any) -> Coalesce:
    marker = ThreadReadMarker.objects.filter(thread=thread_ref, user=user).values("read_until")[:1]
    return Coalesce(Subquery(marker), Value(NEVER), output_field=DateTimeField())


def _threads_of(user: Actor) -> QuerySet[Thread]:
    """Threads the user takes part in: as the talent of the application, or as a member of the
    project's organization. Every thread has its application (migration 0002, ``thread_for_engagement``)."""
    if not user.is_authenticated:
        return Thread.objects.none()
    organizations = Membership.objects.filter(user=user).values("organization_id")
    return Thread.objects.filter(
        Q(application__talent=user)
        | Q(application__project__organization_id__in=organizations)
        | Q(connection__talent=user)
        | Q(connection__supervisor=user)
    )


class InboxAnnotations(TypedDict):
    """What ``thread_list_for_user`` adds to each thread."""

    last_message_at: datetime.datetime
    read_until: datetime.datetime | None
    unread_count: int
    last_body: str | None
    last_author_id: Any


def thread_list_for_user(*, user: User) -> QuerySet[WithAnnotations[Thread, InboxAnnotations]]:
    """The user's inbox: every thread with at least one message, newest activity first, each with
    ``last_message_at``, ``last_body``, ``last_author_id`` and ``unread_count`` (messages of others
    after the user's read marker). One query for the page, whatever its length."""
    last = Message.objects.filter(thread=OuterRef("pk")).order_by("-created_at")
    unread = Q(messages__created_at__gt=F("read_until")) & (
        Q(messages__author__isnull=True) | ~Q(messages__author=user)
    )
    return (
        _threads_of(user)
        .annotate(
            last_message_at=Max("messages__created_at"),
            read_until=_read_until(user, OuterRef("pk")),
        )
        .annotate(unread_count=Count("messages", filter=unread))
        .filter(last_message_at__isnull=False)
        .annotate(last_body=Subquery(last.values("body")[:1]), last_author_id=Subquery(last.values("author_id")[:1]))
        .select_related(
            "application__project__organization",
            "application__talent",
            "engagement",
            "engagement__project",
            "connection__talent",
            "connection__supervisor",
            "connection__engagement__project",
        )
        .order_by("-last_message_at", "pk")
    )


def unread_message_count(*, user: Actor) -> int:
    """All messages of others the user has not read, over all their threads (one query)."""
    if not user.is_authenticated:
        return 0
    return (
        Message.objects.filter(thread__in=_threads_of(user).values("pk"))
        .filter(Q(author__isnull=True) | ~Q(author=user))
        .annotate(read_until=_read_until(user, OuterRef("thread_id")))
        .filter(created_at__gt=F("read_until"))
        .count()
    )


def inbox_side(*, thread: Thread, user: Actor) -> str:
    """The user's side of a thread from ``thread_list_for_user`` (no query: the list holds only
    the user's threads, as the applicant or as a member of the organization)."""
    if thread.connection_id:
        return "talent" if thread.connection.talent_id == user.pk else "company"  # type: ignore[union-attr]
    application = thread.application
    return "talent" if application is not None and application.talent_id == user.pk else "company"


def thread_counterpart(*, thread: Thread, side: str) -> str:
    """Who the user talks to: the organization for the talent, the talent for the company."""
    if thread.connection_id:
        connection = thread.connection
        assert connection is not None
        return str(connection.supervisor) if side == "talent" else str(connection.talent)
    application = thread.application
    if application is None:
        return ""
    return application.project.organization.name if side == "talent" else str(application.talent)
