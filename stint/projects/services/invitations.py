"""Inviting someone by email to an invite-only or unlisted project, and binding invitations on sign-up."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.accounts.choices import Role
from stint.accounts.selectors import user_get_by_verified_email
from stint.core.audit import audit_log
from stint.core.errors import Conflict, ValidationFailed
from stint.core.types import Actor, User
from stint.notifications.services import in_language_of, notify
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project, ProjectInvitation
from stint.projects.services.base import _illegal, _require_member


def project_invite(*, actor: User, project: Project, talent_email: str) -> ProjectInvitation:
    """Invite someone by email address to an invite-only or unlisted project.

    The answer is the same whether or not the address belongs to a talent account, so inviting
    cannot be used to find out who is registered (docs/accounts.md): the invitation is stored by
    address and reaches the talent account that has *verified* that address, at once if there is
    one (they are notified and can see the project and apply), or when someone confirms it later
    (``project_invitations_bind``). Inviting the same address again returns the same invitation."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    _require_member(actor, project.organization_id)
    if project.visibility == Visibility.PUBLIC:
        raise Conflict(_("Public projects are open to everyone; there is no one to invite."), code="project_is_public")
    if project.status in (ProjectStatus.CLOSED, ProjectStatus.CANCELLED):
        raise _illegal(project, "shared")
    email = (talent_email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed(
            _("Enter a valid email address."),
            code="invalid_email",
            errors=[{"field": "talent_email", "message": _("Enter a valid email address.")}],
        ) from None
    with transaction.atomic():
        invitation, created = ProjectInvitation.objects.get_or_create(
            project=project, email=email, defaults={"invited_by": actor}
        )
        if created:
            audit_log(actor, "project.talent_invited", project, {"invitation": str(invitation.pk)})

            talent = user_get_by_verified_email(email=email)
            if talent is not None:
                _invitation_bind(invitation, talent)
    return invitation


def _invitation_bind(invitation: ProjectInvitation, talent: Any) -> bool:
    """Give ``invitation`` to ``talent`` (a talent account that verified its address) and notify
    them on commit. A conditional update, so binding twice is harmless; a talent already invited
    to the project under another address keeps that invitation."""
    if talent.role != Role.TALENT or not talent.is_active:
        return False
    if ProjectInvitation.objects.filter(project_id=invitation.project_id, talent=talent).exists():
        return False
    if not ProjectInvitation.objects.filter(pk=invitation.pk, talent__isnull=True).update(
        talent=talent, updated_at=timezone.now()
    ):
        return False
    invitation.talent = talent
    project = Project.objects.select_related("organization").get(pk=invitation.project_id)

    def _notify() -> None:
        with in_language_of(talent):
            notify(
                user=talent,
                event="project.invited",
                title=_("%(organization)s invited you to “%(project)s”")
                % {"organization": project.organization.name, "project": project.title},
                body=project.summary,
                url=f"/projects/{project.pk}/",
            )

    transaction.on_commit(_notify)
    return True


def project_invitations_bind(*, user: Actor, email: str) -> int:
    """``user`` has just verified ``email``: the pending invitations to that address become theirs
    (if they are a talent account). Called on allauth's ``email_confirmed`` signal (apps.py)."""
    email = (email or "").strip().lower()
    if not email:
        return 0
    bound = 0
    with transaction.atomic():
        for invitation in ProjectInvitation.objects.filter(email=email, talent__isnull=True):
            bound += _invitation_bind(invitation, user)
    return bound
