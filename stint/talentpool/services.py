"""Writes of the talent pool: notes and tags, invitations to apply, recorded hires and follows.

The acting member's organization was fetched through ``organization_get_for_member`` (404 for
anyone else) and the talent through ``pool_talent_get`` (404 outside the pool)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, ValidationFailed
from stint.core.types import Actor, User
from stint.notifications.services import in_language_of, notify
from stint.organizations.models import Organization
from stint.organizations.selectors import user_is_member
from stint.projects.choices import ProjectStatus
from stint.talentpool.choices import HireKind, HireStatus, PoolInvitationStatus
from stint.talentpool.models import Follow, Hire, PoolInvitation, PoolNote, PoolTag

MAX_TAG = 40


def _invalid(field: str, code: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, code=code, errors=[{"field": field, "message": message}])


def _require_member(actor: User, organization_id: Any) -> None:
    if not user_is_member(user=actor, organization_id=organization_id):
        raise NotFound(_("Organization not found."))


_REQUIRED = {
    "body": gettext_lazy("Write the note."),
    "name": gettext_lazy("Write the tag."),
    "message": gettext_lazy("Write the message."),
    "role_title": gettext_lazy("Write the role title."),
}


def _text(value: str, field: str, limit: int, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise _invalid(field, f"{field}_required", str(_REQUIRED.get(field, _REQUIRED["body"])))
    if len(text) > limit:
        raise _invalid(field, f"{field}_too_long", _("Keep it under %(limit)s characters.") % {"limit": limit})
    return text


def pool_note_add(*, actor: User, organization: Organization, talent: User, body: str) -> PoolNote:
    """A private note on a talent of the pool, visible to the organization's members only."""
    _require_member(actor, organization.pk)
    note = PoolNote.objects.create(
        organization=organization, talent=talent, author=actor, body=_text(body, "body", 2000)
    )
    audit_log(actor, "pool.note_added", organization, {"talent": str(talent.pk)})
    return note


def pool_tag_add(*, actor: User, organization: Organization, talent: User, name: str) -> PoolTag:
    """Tag a talent of the pool (lower-cased; adding a tag twice keeps one)."""
    _require_member(actor, organization.pk)
    clean = _text(name, "name", MAX_TAG).lower()
    tag, _created = PoolTag.objects.get_or_create(organization=organization, talent=talent, name=clean)
    return tag


def pool_tag_remove(*, actor: User, organization: Organization, talent: User, name: str) -> None:
    _require_member(actor, organization.pk)
    deleted, _count = PoolTag.objects.filter(
        organization=organization, talent=talent, name=(name or "").lower()
    ).delete()
    if not deleted:
        raise NotFound(_("Tag not found."), code="tag_not_found")


def pool_invite(*, actor: User, project: Any, talent: User, message: str = "") -> PoolInvitation:
    """Invite a talent (from the pool or any talent) to apply to an open project of the actor's
    organization, including unlisted and invite-only ones: the invitation opens the project to them
    (``stint.talentpool.access``). Tracked until answered; inviting twice: 409 ``already_invited``."""
    _require_member(actor, project.organization_id)
    if project.status != ProjectStatus.OPEN:
        raise Conflict(_("Invite people to an open project."), code="project_not_open")
    clean = _text(message, "message", 1000, required=False)
    try:
        with transaction.atomic():
            invitation = PoolInvitation.objects.create(
                organization_id=project.organization_id, project=project, talent=talent, invited_by=actor, message=clean
            )
            audit_log(actor, "pool.invited", invitation, {"project": str(project.pk)})
    except IntegrityError:
        raise Conflict(_("This talent is already invited to this project."), code="already_invited") from None

    def _notify_invited() -> None:
        with in_language_of(talent):
            notify(
                user=talent,
                event="pool.invited",
                title=_("%(organization)s invites you to apply to “%(project)s”")
                % {"organization": project.organization.name, "project": project.title},
                body=clean,
                url="/pool/invitations/",
            )

    transaction.on_commit(_notify_invited)
    return invitation


def pool_invitation_answer(*, actor: User, invitation: PoolInvitation, accept: bool) -> PoolInvitation:
    """The talent answers (pending → accepted or declined, once; 409 ``illegal_transition`` after).
    Accepting means they intend to apply; declining closes the project to them again if the
    invitation was their only way in. The inviting member is notified."""
    if invitation.talent_id != getattr(actor, "pk", None):
        raise NotFound(_("Invitation not found."), code="invitation_not_found")
    status = PoolInvitationStatus.ACCEPTED if accept else PoolInvitationStatus.DECLINED
    now = timezone.now()
    with transaction.atomic():
        claimed = PoolInvitation.objects.filter(pk=invitation.pk, status=PoolInvitationStatus.PENDING).update(
            status=status, answered_at=now, updated_at=now
        )
        if not claimed:
            raise Conflict(_("You already answered this invitation."), code="illegal_transition")
        audit_log(actor, f"pool.invitation_{status}", invitation, {})
    invitation.refresh_from_db()
    if invitation.invited_by is not None:
        inviter = invitation.invited_by

        def _notify_answered() -> None:
            with in_language_of(inviter):
                title = (
                    _("%(talent)s accepted your invitation to “%(project)s”")
                    if accept
                    else _("%(talent)s declined your invitation to “%(project)s”")
                )
                notify(
                    user=inviter,
                    event=f"pool.invitation_{status}",
                    title=title % {"talent": actor.name or actor.email, "project": invitation.project.title},
                    url=f"/pool/{invitation.organization_id}/",
                )

        transaction.on_commit(_notify_answered)
    return invitation


def hire_record(*, actor: User, organization: Organization, talent: User, kind: str, role_title: str) -> Hire:
    """Record that a talent of the pool accepted a job or internship offer from the organization.
    It counts in "hires from Stint" once the talent confirms it. Recording the same role twice: 409
    ``already_recorded``."""
    _require_member(actor, organization.pk)
    if kind not in HireKind.values:
        raise _invalid("kind", "invalid_kind", _("Kind is job or internship."))
    title = _text(role_title, "role_title", 150)
    try:
        with transaction.atomic():
            hire = Hire.objects.create(
                organization=organization, talent=talent, recorded_by=actor, kind=kind, role_title=title
            )
            audit_log(actor, "hire.recorded", hire, {})
    except IntegrityError:
        raise Conflict(_("This hire is already recorded."), code="already_recorded") from None

    def _notify_recorded() -> None:
        with in_language_of(talent):
            title = (
                _("%(organization)s recorded that you accepted an internship: please confirm")
                if hire.kind == HireKind.INTERNSHIP
                else _("%(organization)s recorded that you accepted a job: please confirm")
            )
            notify(
                user=talent,
                event="hire.recorded",
                title=title % {"organization": organization.name},
                url="/pool/invitations/",
            )

    transaction.on_commit(_notify_recorded)
    return hire


def hire_answer(*, actor: Actor, hire: Hire, confirm: bool, show_on_portfolio: bool = False) -> Hire:
    """The talent confirms the hire (optionally showing it on their portfolio) or says it is not
    right (disputed). Once only, claimed with a conditional update."""
    if hire.talent_id != getattr(actor, "pk", None):
        raise NotFound(_("Hire not found."), code="hire_not_found")
    status = HireStatus.CONFIRMED if confirm else HireStatus.DISPUTED
    now = timezone.now()
    with transaction.atomic():
        claimed = Hire.objects.filter(pk=hire.pk, status=HireStatus.PENDING).update(
            status=status, show_on_portfolio=bool(confirm and show_on_portfolio), answered_at=now, updated_at=now
        )
        if not claimed:
            raise Conflict(_("You already answered."), code="illegal_transition")
        audit_log(actor, f"hire.{status}", hire, {})
    hire.refresh_from_db()
    return hire


def follow(*, actor: Actor, organization: Organization) -> Follow:
    """Follow an organization: notified of its new public projects. Following twice keeps one."""
    if not actor.is_authenticated:
        raise NotFound(_("Organization not found."))
    try:
        with transaction.atomic():
            row, _created = Follow.objects.get_or_create(organization=organization, user=actor)
    except IntegrityError:
        row = Follow.objects.get(organization=organization, user=actor)
    return row


def unfollow(*, actor: User, organization: Organization) -> None:
    Follow.objects.filter(organization=organization, user=actor).delete()
