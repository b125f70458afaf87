"""Connections (issue 12): after an approved engagement, the talent and the member who supervised it
are connected and may message each other later, on a thread of their own (docs/messaging.md).

The supervisor is the member who approved the work (the actor of its ``engagement.approved`` audit
event); an engagement released automatically, with no approver, connects the member who created the
project, if still a member. Connections are made after the commit of the approval's audit event
(``audit_event_saved``), and on demand by ``connection_ensure_for_engagement`` (the engagement's
message panel calls it) for engagements approved before connections existed."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from stint.core.errors import NotFound
from stint.core.models import AuditEvent
from stint.engagements.choices import APPROVED_STATUSES
from stint.engagements.models import Engagement
from stint.messaging.models import Connection, Thread
from stint.organizations.models import Membership

logger = logging.getLogger(__name__)
CONNECT_CODES = ("engagement.approved", "engagement.paid")


def engagement_supervisor(engagement: Engagement) -> Any:
    """The member who approved ``engagement``, else the project's creator if still a member, else None."""
    organization_id = engagement.project.organization_id
    members = Membership.objects.filter(organization_id=organization_id)
    approver_ids = (
        AuditEvent.objects.filter(
            target_type="engagements.engagement",
            target_id=str(engagement.pk),
            code="engagement.approved",
            actor__isnull=False,
        )
        .order_by("created_at")
        .values_list("actor_id", flat=True)
    )
    for actor_id in approver_ids:
        membership = members.filter(user_id=actor_id).select_related("user").first()
        if membership is not None:
            return membership.user
    creator = engagement.project.created_by_id
    if creator is not None:
        membership = members.filter(user_id=creator).select_related("user").first()
        if membership is not None:
            return membership.user
    return None


def connection_ensure_for_engagement(*, engagement: Engagement) -> Connection | None:
    """The connection between the engagement's talent and its supervisor, created (with its thread)
    when the engagement is approved or paid; None before that or without a supervisor. Safe to call
    any number of times and from racing processes (one row per pair: the loser reads the winner's)."""
    current = Engagement.objects.select_related("project").get(pk=engagement.pk)
    if current.status not in APPROVED_STATUSES:
        return None
    supervisor = engagement_supervisor(current)
    if supervisor is None or supervisor.pk == current.talent_id:
        return None
    existing = Connection.objects.filter(talent_id=current.talent_id, supervisor=supervisor).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            connection = Connection.objects.create(
                talent_id=current.talent_id, supervisor=supervisor, engagement=current
            )
            Thread.objects.create(connection=connection)
    except IntegrityError:
        return Connection.objects.get(talent_id=current.talent_id, supervisor=supervisor)
    return connection


def connection_for_engagement(*, engagement: Engagement, user: Any) -> Connection | None:
    """The connection of ``engagement`` that ``user`` is part of (as its talent or its supervisor)."""
    connection = connection_ensure_for_engagement(engagement=engagement)
    if connection is None or user.pk not in (connection.talent_id, connection.supervisor_id):
        return None
    return connection


def connections_for_user(*, user: Any) -> QuerySet[Connection]:
    if not getattr(user, "is_authenticated", False):
        return Connection.objects.none()
    # A connection whose other person deleted their account is gone for the one left.
    return (
        Connection.objects.filter(
            Q(talent=user, supervisor__is_active=True) | Q(supervisor=user, talent__is_active=True)
        )
        .select_related("talent", "supervisor", "engagement__project__organization", "thread")
        .order_by("-created_at")
    )


def connection_get_for_user(*, user: Any, connection_id: Any) -> Connection:
    connection = connections_for_user(user=user).filter(pk=connection_id).first()
    if connection is None:
        raise NotFound(gettext("Connection not found."), code="connection_not_found")
    return connection


def connection_between(*, talent: Any, supervisor: Any) -> Connection | None:
    return Connection.objects.filter(talent=talent, supervisor=supervisor).select_related("thread").first()


def connection_thread(connection: Connection) -> Thread:
    """The connection's thread (made with it; created here for a row that lacks one)."""
    thread = Thread.objects.filter(connection=connection).first()
    if thread is not None:
        return thread
    try:
        with transaction.atomic():
            return Thread.objects.create(connection=connection)
    except IntegrityError:
        return Thread.objects.get(connection=connection)


def _connect_later(engagement_id: Any) -> None:
    def run() -> None:
        engagement = Engagement.objects.filter(pk=engagement_id).first()
        if engagement is not None:
            connection_ensure_for_engagement(engagement=engagement)

    transaction.on_commit(run, robust=True)


def audit_event_saved(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if raw or not created or instance.target_type != "engagements.engagement":
        return
    if instance.code in CONNECT_CODES:
        _connect_later(instance.target_id)


def connect_signals() -> None:
    from django.db.models.signals import post_save

    post_save.connect(audit_event_saved, sender=AuditEvent, dispatch_uid="messaging.connections")
