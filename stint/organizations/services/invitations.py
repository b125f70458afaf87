"""Invitations: tokens, creation, the email (leased, sent once), acceptance and revocation."""

from __future__ import annotations

import base64
import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from stint.accounts.choices import Role
from stint.accounts.selectors import email_is_verified, user_get_by_verified_email
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.formatting import format_datetime
from stint.core.taskqueue import enqueue_on_commit
from stint.core.types import User
from stint.notifications.outbox import email_outbox_send
from stint.notifications.services import in_language_of, notify
from stint.organizations.choices import MANAGE_MEMBERS, MemberRole
from stint.organizations.models import Invitation, Membership, Organization
from stint.organizations.services.base import INVITABLE_ROLES, INVITATION_TTL, _is_staff, _require_role


def invitation_token(invitation: Invitation) -> str:
    """The secret in an invitation link. Derived from the server's secret key and the invitation's
    random id, so only its hash needs storing: a copy of the database alone does not reveal any
    link, while the email task can rebuild the link from the id."""
    digest = salted_hmac("stint.organizations.invitation", str(invitation.pk), algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def hash_invitation_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(invitation: Invitation) -> str:
    return f"/organizations/invitations/{invitation_token(invitation)}/"


def invitation_is_pending(*, invitation: Invitation, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return invitation.accepted_at is None and invitation.revoked_at is None and invitation.expires_at > now


def _notify_invitee(*, invitee: User, invitation: Invitation, actor: User) -> None:
    """The in-app notice of an invitation, in the invitee's language."""
    organization = invitation.organization
    with in_language_of(invitee):
        notify(
            user=invitee,
            event="organization.invitation",
            title=_("You are invited to join %(organization)s") % {"organization": organization.name},
            body=_("%(actor)s invited you to join %(organization)s as %(role)s.")
            % {
                "actor": actor,
                "organization": organization.name,
                "role": invitation.get_role_display().lower(),
            },
            url=invitation_url(invitation),
        )


def invitation_create(*, actor: User, organization: Organization, email: str, role: str) -> Invitation:
    """Invite someone by email as admin or member (owner or admin; only an owner invites admins).

    A pending invitation for the same address is revoked and replaced (this is how to resend).
    On commit: an in-app notification if the address belongs to an account, and a plain email
    with the link (a task), which expires after 14 days."""
    actor_role = _require_role(actor, organization, MANAGE_MEMBERS)
    email = (email or "").strip().lower()
    errors: list[dict[str, str]] = []
    try:
        validate_email(email)
    except ValidationError:
        errors.append({"field": "email", "message": _("Enter a valid email address.")})
    if role not in [str(r) for r in INVITABLE_ROLES]:
        errors.append({"field": "role", "message": _("Choose admin or member.")})
    if errors:
        raise ValidationFailed(_("The invitation is not valid."), errors=errors)
    if role == MemberRole.ADMIN and actor_role != MemberRole.OWNER:
        raise PermissionDenied(_("Only an owner can invite admins."), code="owner_role_required")
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise Conflict(
            _("This person is already a member."),
            code="already_member",
            errors=[{"field": "email", "message": _("This person is already a member of the organization.")}],
        )
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(
            organization=organization,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=now, updated_at=now)
        invitation = Invitation(
            organization=organization,
            email=email,
            role=role,
            invited_by=actor,
            expires_at=now + INVITATION_TTL,
        )
        invitation.token_hash = hash_invitation_token(invitation_token(invitation))
        invitation.save()
        audit_log(actor, "organization.invitation_created", organization, {"email": email, "role": role})
        # In-app only to an account that proved it owns the address (docs/accounts.md): someone who
        # registered the address without confirming it must not learn of the invitation.
        invitee = user_get_by_verified_email(email=email)
        if invitee is not None:
            _notify_invitee(invitee=invitee, invitation=invitation, actor=actor)
        from stint.organizations.tasks import send_invitation_email

        enqueue_on_commit(send_invitation_email, str(invitation.pk))
    return invitation


def invitation_send_email(*, invitation_id: Any) -> bool:
    """Email the invitation link once (at least once if a worker dies mid-send: through the
    notifications outbox under ``invitation:<id>``). Returns False (and sends nothing) when it is no
    longer pending or was already emailed; ``emailed_at`` is set after the email left."""
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation_is_pending(invitation=invitation) or invitation.emailed_at is not None:
        return False

    site = settings.SITE_URL.rstrip("/")
    # Written in the language of the account behind the address when there is one, else the site's.
    invitee = user_get_by_verified_email(email=invitation.email)
    with in_language_of(invitee) if invitee is not None else translation.override(settings.LANGUAGE_CODE):
        inviter = str(invitation.invited_by) if invitation.invited_by else _("A member")
        body = _(
            "%(inviter)s invited you to join %(organization)s on Stint as %(role)s.\n\n"
            "Accept the invitation here (sign in or create a company account with this email address first):\n"
            "%(link)s\n\n"
            "The link expires on %(expires)s. If you did not expect it, ignore this email."
        ) % {
            "inviter": inviter,
            "organization": invitation.organization.name,
            "role": invitation.get_role_display().lower(),
            "link": f"{site}{invitation_url(invitation)}",
            "expires": format_datetime(invitation.expires_at),
        }
        subject = _("Join %(organization)s on Stint") % {"organization": invitation.organization.name}
    outcome = email_outbox_send(
        dedup_key=f"invitation:{invitation.pk}",
        to=[invitation.email],
        subject=subject,
        body=body,
    )
    if outcome in ("sent", "already_sent"):
        Invitation.objects.filter(pk=invitation.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return outcome == "sent"


def invitation_accept(*, actor: User, invitation: Invitation) -> Membership:
    """Turn a pending invitation into a membership for the signed-in user it was sent to.

    The actor must have verified the invited address (``403 email_unverified``). The invitation
    is claimed with a conditional update, so accepting twice (or concurrently)
    creates one membership. Callers find the invitation with
    ``selectors.invitation_get_for_accept``, which already 404s for another user."""
    if invitation.email.lower() != (getattr(actor, "email", "") or "").lower():
        raise NotFound(_("Invitation not found."))
    if actor.role != Role.COMPANY and not _is_staff(actor):
        raise PermissionDenied(
            _("Only company accounts can join organizations. Sign in with a company account using this email address."),
            code="company_role_required",
        )
    if not email_is_verified(user=actor, email=invitation.email):
        # The invitation goes to whoever controls the address, not whoever registered it first.
        raise PermissionDenied(
            _(
                "Confirm your email address %(email)s first (Account → Email addresses sends a new "
                "link), then accept the invitation."
            )
            % {"email": invitation.email},
            code="email_unverified",
        )
    now = timezone.now()
    if invitation.revoked_at is not None:
        raise Conflict(_("This invitation was revoked."), code="invitation_revoked")
    if invitation.accepted_at is not None:
        existing = Membership.objects.filter(organization=invitation.organization, user=actor).first()
        if existing is not None:
            return existing
        raise Conflict(_("This invitation was already used."), code="invitation_used")
    if invitation.expires_at <= now:
        raise Conflict(_("This invitation has expired. Ask for a new one."), code="invitation_expired")
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).update(accepted_at=now, accepted_by=actor, updated_at=now)
        if not claimed:
            raise Conflict(_("This invitation is no longer valid."), code="invitation_not_pending")
        membership, created = Membership.objects.get_or_create(
            organization=invitation.organization, user=actor, defaults={"role": invitation.role}
        )
        audit_log(
            actor,
            "organization.member_joined",
            invitation.organization,
            {"user": str(actor.pk), "role": membership.role, "invitation": str(invitation.pk)},
        )
        if created and invitation.invited_by is not None:
            with in_language_of(invitation.invited_by):
                notify(
                    user=invitation.invited_by,
                    event="organization.invitation_accepted",
                    title=_("%(actor)s joined %(organization)s")
                    % {"actor": actor, "organization": invitation.organization.name},
                    url=f"/organizations/{invitation.organization_id}/members/",
                )
    invitation.accepted_at, invitation.accepted_by = now, actor
    return membership


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    """Revoke a pending invitation (owner or admin). Revoking twice is harmless."""
    _require_role(actor, invitation.organization, MANAGE_MEMBERS)
    now = timezone.now()
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now, updated_at=now
    )
    if claimed:
        invitation.revoked_at = now
        audit_log(actor, "organization.invitation_revoked", invitation.organization, {"invitation": str(invitation.pk)})
    elif invitation.accepted_at is not None:
        raise Conflict(_("This invitation was already accepted."), code="invitation_used")
    return invitation
