"""References (issue 12, "Connections"): the supervisor of an approved engagement listed on the
talent's portfolio with both consents. Each side gives or withdraws its own consent; the reference
is listed while both are given. Writes audit events; notifies the other side when asked."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from stint.core.audit import audit_log
from stint.core.errors import ValidationFailed
from stint.credentials.models import Reference
from stint.messaging.models import Connection
from stint.notifications.services import in_language_of, notify

MAX_NOTE = 300


def reference_state(*, connection: Connection, user: Any) -> str:
    """From ``user``'s side: ``none``, ``asked`` (you consented, waiting for them), ``asked_of_you``
    (they consented, waiting for you) or ``listed``."""
    reference = getattr(connection, "reference", None)
    if reference is None:
        return "none"
    mine, theirs = _sides(reference, connection, user)
    if reference.listed:
        return "listed"
    if getattr(reference, mine):
        return "asked"
    if getattr(reference, theirs):
        return "asked_of_you"
    return "none"


def _sides(reference: Reference | None, connection: Connection, user: Any) -> tuple[str, str]:
    if user.pk == connection.talent_id:
        return "talent_consented_at", "supervisor_consented_at"
    return "supervisor_consented_at", "talent_consented_at"


def _reference_for(connection: Connection) -> Reference:
    reference = Reference.objects.filter(connection=connection).first()
    if reference is not None:
        return reference
    try:
        with transaction.atomic():
            return Reference.objects.create(connection=connection)
    except IntegrityError:
        return Reference.objects.get(connection=connection)


def reference_consent(*, actor: Any, connection: Connection, note: str = "") -> Reference:
    """Give ``actor``'s consent (the caller fetched ``connection`` within the actor's scope). The
    supervisor may add a short note. Idempotent; the other side is notified when their answer is
    now awaited or the reference becomes listed."""
    note = (note or "").replace("\x00", "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationFailed(
            gettext("Keep the note under %(count)s characters.") % {"count": MAX_NOTE},
            code="note_too_long",
            errors=[{"field": "note", "message": gettext("At most %(count)s characters.") % {"count": MAX_NOTE}}],
        )
    reference = _reference_for(connection)
    mine, _ = _sides(reference, connection, actor)
    now = timezone.now()
    updates: dict[str, Any] = {"updated_at": now}
    if actor.pk == connection.supervisor_id and note:
        updates["note"] = note
    with transaction.atomic():
        first = Reference.objects.filter(pk=reference.pk, **{f"{mine}__isnull": True}).update(**{mine: now}, **updates)
        if not first and "note" in updates:
            Reference.objects.filter(pk=reference.pk).update(**updates)
        reference.refresh_from_db()
        if first:
            audit_log(actor, "reference.consented", reference, {"side": mine.split("_")[0]})
            other = connection.supervisor if actor.pk == connection.talent_id else connection.talent
            with in_language_of(other):
                if reference.listed:
                    title = gettext("The reference on %(talent)s's portfolio is agreed by both of you") % {
                        "talent": connection.talent
                    }
                else:
                    title = gettext("%(person)s asks you to agree to a reference on %(talent)s's portfolio") % {
                        "person": actor,
                        "talent": connection.talent,
                    }
                notify(
                    user=other,
                    event="reference.listed" if reference.listed else "reference.asked",
                    title=title,
                    url="/connections/",
                )
    return reference


def reference_withdraw(*, actor: Any, connection: Connection) -> Reference | None:
    """Withdraw ``actor``'s consent: the reference is no longer listed (idempotent)."""
    reference = Reference.objects.filter(connection=connection).first()
    if reference is None:
        return None
    mine, _ = _sides(reference, connection, actor)
    if Reference.objects.filter(pk=reference.pk, **{f"{mine}__isnull": False}).update(
        **{mine: None}, updated_at=timezone.now()
    ):
        audit_log(actor, "reference.withdrawn", reference, {"side": mine.split("_")[0]})
    reference.refresh_from_db()
    return reference


def references_listed_for(*, talent: Any) -> list[Reference]:
    """The talent's listed references, for the public portfolio (name, organization, project, note)."""
    return list(
        Reference.objects.filter(
            connection__talent=talent, talent_consented_at__isnull=False, supervisor_consented_at__isnull=False
        )
        .filter(~Q(connection__supervisor__is_active=False))
        .select_related("connection__supervisor", "connection__engagement__project__organization")
        .order_by("created_at")
    )
