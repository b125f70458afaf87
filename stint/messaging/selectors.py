"""Threads and their participants. A thread is visible only to its participants (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from stint.core.errors import NotFound
from stint.messaging.models import Message, Thread
from stint.organizations.models import Membership
from stint.organizations.selectors import user_is_member


def _subject(thread: Thread) -> tuple[Any, Any]:
    """(talent id, organization id) of the thread's application or engagement."""
    source = thread.application if thread.application_id else thread.engagement
    assert source is not None
    return source.talent_id, source.project.organization_id


def thread_side(*, thread: Thread, user: Any) -> str | None:
    """``"talent"``, ``"company"`` or None when ``user`` does not take part in the thread."""
    if not getattr(user, "is_authenticated", False):
        return None
    talent_id, organization_id = _subject(thread)
    if user.pk == talent_id:
        return "talent"
    if user_is_member(user=user, organization_id=organization_id):
        return "company"
    return None


def thread_participants(*, thread: Thread) -> dict[str, list[Any]]:
    _, organization_id = _subject(thread)
    source = thread.application if thread.application_id else thread.engagement
    company = [m.user for m in Membership.objects.filter(organization_id=organization_id).select_related("user")]
    return {"talent": [source.talent], "company": company}  # type: ignore[union-attr]


def thread_get_for_user(*, user: Any, thread_id: Any) -> Thread:
    thread = (
        Thread.objects.select_related(
            "application", "application__project", "application__talent", "engagement", "engagement__project"
        )
        .filter(pk=thread_id)
        .first()
    )
    if thread is None or thread_side(thread=thread, user=user) is None:
        raise NotFound("Conversation not found.")
    return thread


def message_list(*, thread: Thread) -> QuerySet[Message]:
    return Message.objects.filter(thread=thread).select_related("author").order_by("created_at")
