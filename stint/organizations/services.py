"""Writes for organizations: creation, profile, logo, members, invitations and verification.

Every rule lives here; the HTML views and the JSON endpoints fetch the organization within the
actor's scope (selectors) and call these functions. Role checks are repeated here on purpose: a
service must be safe to call from anywhere (admin actions, tasks, other apps).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import logging
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import slugify

from stint.accounts.choices import Role
from stint.accounts.selectors import email_is_verified, user_get_by_verified_email
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.taskqueue import enqueue_on_commit
from stint.core.types import Actor, User
from stint.notifications.outbox import email_outbox_send
from stint.notifications.services import notify
from stint.organizations import reliability
from stint.organizations.choices import MANAGE_MEMBERS, MemberRole, OrganizationSize
from stint.organizations.models import Invitation, Membership, Organization

logger = logging.getLogger(__name__)

INVITATION_TTL = datetime.timedelta(days=14)
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
LOGO_MAX_PIXELS = 4096
PROFILE_FIELDS = ("name", "website", "industry", "size", "description")
INVITABLE_ROLES = (MemberRole.ADMIN, MemberRole.MEMBER)


def logo_max_bytes() -> int:
    return settings.STINT_LOGO_MAX_BYTES


# --- helpers --------------------------------------------------------------------------------------


def _is_staff(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_platform_staff", False))


def _role_of(actor: User, organization: Organization) -> str | None:
    """The actor's role, read from the database every time (a removed member loses access at once)."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=actor, organization=organization).values_list("role", flat=True).first()


def _require_role(actor: User, organization: Organization, roles: tuple[str, ...]) -> str:
    role = _role_of(actor, organization)
    if role is None:
        raise NotFound("Organization not found.")
    if role not in {str(r) for r in roles}:
        raise PermissionDenied("Your role in this organization does not allow this.", code="organization_role_required")
    return role


def _clean_profile(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    errors: list[dict[str, str]] = []
    cleaned: dict[str, Any] = {}
    if "name" in data or not partial:
        name = (data.get("name") or "").strip()
        if not name:
            errors.append({"field": "name", "message": "Give the organization a name."})
        elif len(name) > 150:
            errors.append({"field": "name", "message": "At most 150 characters."})
        cleaned["name"] = name
    if "website" in data or not partial:
        website = (data.get("website") or "").strip()
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError:
                errors.append({"field": "website", "message": "Enter a full web address starting with https://."})
            if len(website) > 200:
                errors.append({"field": "website", "message": "At most 200 characters."})
        cleaned["website"] = website
    if "industry" in data or not partial:
        industry = (data.get("industry") or "").strip()
        if len(industry) > 100:
            errors.append({"field": "industry", "message": "At most 100 characters."})
        cleaned["industry"] = industry
    if "size" in data or not partial:
        size = (data.get("size") or "").strip()
        if size and size not in OrganizationSize.values:
            errors.append({"field": "size", "message": "Choose one of the listed sizes."})
        cleaned["size"] = size
    if "description" in data or not partial:
        description = (data.get("description") or "").strip()
        if len(description) > 5000:
            errors.append({"field": "description", "message": "At most 5,000 characters."})
        cleaned["description"] = description
    if errors:
        raise ValidationFailed("The organization details are not valid.", errors=errors)
    return cleaned


def _unique_slug(name: str, *, exclude_pk: Any = None) -> str:
    base = slugify(name)[:150].strip("-") or "organization"
    candidate, n = base, 1
    qs = Organization.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def validate_logo(upload: Any) -> tuple[bytes, str]:
    """Check an uploaded logo by its content (Pillow), not its name or declared type.

    Returns the bytes and the file extension for the detected format."""
    size = getattr(upload, "size", None)
    limit = logo_max_bytes()
    if size is not None and size > limit:
        raise ValidationFailed(
            "The logo is too large.",
            code="logo_too_large",
            errors=[{"field": "logo", "message": f"The logo must be at most {limit // (1024 * 1024)} MB."}],
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(
            "The logo is too large.",
            code="logo_too_large",
            errors=[{"field": "logo", "message": f"The logo must be at most {limit // (1024 * 1024)} MB."}],
        )
    from PIL import Image, UnidentifiedImageError

    invalid = ValidationFailed(
        "The logo is not a valid image.",
        code="logo_invalid",
        errors=[{"field": "logo", "message": "Upload a PNG, JPEG, GIF or WebP image."}],
    )
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or ""
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise invalid from None
    if fmt not in LOGO_FORMATS:
        raise invalid
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise ValidationFailed(
            "The logo is too big in pixels.",
            code="logo_invalid",
            errors=[{"field": "logo", "message": f"At most {LOGO_MAX_PIXELS}×{LOGO_MAX_PIXELS} pixels."}],
        )
    return data, LOGO_FORMATS[fmt]


def _store_logo(organization: Organization, data: bytes, ext: str) -> None:
    old = (organization.logo.name or "") if organization.logo else ""
    storage = organization.logo.storage
    organization.logo.save(f"{organization.pk}-{uuid.uuid4().hex[:8]}.{ext}", ContentFile(data), save=False)
    Organization.objects.filter(pk=organization.pk).update(logo=organization.logo.name, updated_at=timezone.now())
    if old:
        old_name = old
        transaction.on_commit(lambda: storage.delete(old_name))


# --- organizations --------------------------------------------------------------------------------


def organization_create(*, actor: User, logo: Any = None, **data: Any) -> Organization:
    """Create an organization; the actor becomes its owner.

    Only company accounts (and staff) may create organizations. The slug is made unique from the
    name; a concurrent creation with the same slug retries with the next suffix."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to create an organization.", code="company_role_required")
    if actor.role != Role.COMPANY and not _is_staff(actor):
        raise PermissionDenied(
            "Only company accounts can create organizations.", code="company_role_required", status=403
        )
    cleaned = _clean_profile({k: data.get(k) for k in PROFILE_FIELDS}, partial=False)
    logo_data = validate_logo(logo) if logo else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                organization = Organization.objects.create(slug=_unique_slug(cleaned["name"]), **cleaned)
                Membership.objects.create(organization=organization, user=actor, role=MemberRole.OWNER)
                if logo_data:
                    _store_logo(organization, *logo_data)
                audit_log(actor, "organization.created", organization, {"name": organization.name})
            return organization
        except IntegrityError:
            continue  # another request took the slug between the check and the insert
    raise Conflict("Could not create the organization, please try again.", code="slug_conflict")


def organization_update(*, actor: User, organization: Organization, **data: Any) -> Organization:
    """Change the public profile (owner or admin). Only the given fields change; the slug stays."""
    _require_role(actor, organization, MANAGE_MEMBERS)
    cleaned = _clean_profile({k: v for k, v in data.items() if k in PROFILE_FIELDS}, partial=True)
    if not cleaned:
        return organization
    for key, value in cleaned.items():
        setattr(organization, key, value)
    organization.save(update_fields=[*cleaned.keys(), "updated_at"])
    audit_log(actor, "organization.updated", organization, {"fields": sorted(cleaned)})
    reliability.organization_reliability_invalidate(organization)
    return organization


def organization_logo_set(*, actor: User, organization: Organization, logo: Any) -> Organization:
    """Replace the logo (owner or admin), after checking the image by its content."""
    _require_role(actor, organization, MANAGE_MEMBERS)
    data, ext = validate_logo(logo)
    with transaction.atomic():
        _store_logo(organization, data, ext)
        audit_log(actor, "organization.logo_changed", organization)
    return organization


def organization_logo_remove(*, actor: User, organization: Organization) -> Organization:
    _require_role(actor, organization, MANAGE_MEMBERS)
    if organization.logo:
        old, storage = organization.logo.name or "", organization.logo.storage
        with transaction.atomic():
            Organization.objects.filter(pk=organization.pk).update(logo="", updated_at=timezone.now())
            audit_log(actor, "organization.logo_removed", organization)
            transaction.on_commit(lambda: storage.delete(old))
        organization.logo = ""
    return organization


def organization_mark_verified(*, actor: Actor, organization: Organization) -> bool:
    """Claim the verification of an organization (staff only: ``staff_only``). Claimed with a
    conditional update, so verifying twice verifies once; returns whether this call won. The caller
    (``stint.flows.publishing.organization_verify``) opens the organization's pending projects and
    then calls ``organization_record_verified`` in the same transaction."""
    if not _is_staff(actor):
        raise PermissionDenied("Only platform staff can verify organizations.", code="staff_only")
    now = timezone.now()
    claimed = Organization.objects.filter(pk=organization.pk, verified_at__isnull=True).update(
        verified_at=now, verified_by=actor, updated_at=now
    )
    organization.refresh_from_db(fields=["verified_at", "verified_by", "updated_at"])
    return bool(claimed)


def organization_record_verified(*, actor: Actor, organization: Organization, published: int) -> None:
    """Audit the verification (with how many pending projects opened) and tell the owners."""
    audit_log(actor, "organization.verified", organization, {"projects_published": published})
    owners = Membership.objects.filter(organization=organization, role=MemberRole.OWNER).select_related("user")
    for membership in owners:
        notify(
            user=membership.user,
            event="organization.verified",
            title=f"{organization.name} is verified",
            body=(
                "Your organization now shows a verified badge, and its projects publish without review."
                + (f" {published} project(s) waiting for review are now open." if published else "")
            ),
            url=f"/organizations/{organization.pk}/",
        )


# --- invitations ----------------------------------------------------------------------------------


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


def invitation_is_pending(invitation: Invitation, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return invitation.accepted_at is None and invitation.revoked_at is None and invitation.expires_at > now


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
        errors.append({"field": "email", "message": "Enter a valid email address."})
    if role not in [str(r) for r in INVITABLE_ROLES]:
        errors.append({"field": "role", "message": "Choose admin or member."})
    if errors:
        raise ValidationFailed("The invitation is not valid.", errors=errors)
    if role == MemberRole.ADMIN and actor_role != MemberRole.OWNER:
        raise PermissionDenied("Only an owner can invite admins.", code="owner_role_required")
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise Conflict(
            "This person is already a member.",
            code="already_member",
            errors=[{"field": "email", "message": "This person is already a member of the organization."}],
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
            notify(
                user=invitee,
                event="organization.invitation",
                title=f"You are invited to join {organization.name}",
                body=f"{actor} invited you to join {organization.name} as {invitation.get_role_display().lower()}.",
                url=invitation_url(invitation),
            )
        from stint.organizations.tasks import send_invitation_email

        enqueue_on_commit(send_invitation_email, str(invitation.pk))
    return invitation


def invitation_send_email(*, invitation_id: Any) -> bool:
    """Email the invitation link once (at least once if a worker dies mid-send: through the
    notifications outbox under ``invitation:<id>``). Returns False (and sends nothing) when it is no
    longer pending or was already emailed; ``emailed_at`` is set after the email left."""
    invitation = Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or not invitation_is_pending(invitation) or invitation.emailed_at is not None:
        return False

    site = settings.SITE_URL.rstrip("/")
    inviter = str(invitation.invited_by) if invitation.invited_by else "A member"
    body = (
        f"{inviter} invited you to join {invitation.organization.name} on Stint as "
        f"{invitation.get_role_display().lower()}.\n\n"
        f"Accept the invitation here (sign in or create a company account with this email address first):\n"
        f"{site}{invitation_url(invitation)}\n\n"
        f"The link expires on {invitation.expires_at:%Y-%m-%d %H:%M} UTC. If you did not expect it, ignore this email."
    )
    outcome = email_outbox_send(
        dedup_key=f"invitation:{invitation.pk}",
        to=[invitation.email],
        subject=f"Join {invitation.organization.name} on Stint",
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
        raise NotFound("Invitation not found.")
    if actor.role != Role.COMPANY and not _is_staff(actor):
        raise PermissionDenied(
            "Only company accounts can join organizations. Sign in with a company account using this email address.",
            code="company_role_required",
        )
    if not email_is_verified(user=actor, email=invitation.email):
        # The invitation goes to whoever controls the address, not whoever registered it first.
        raise PermissionDenied(
            f"Confirm your email address {invitation.email} first (Account → Email addresses sends a new "
            "link), then accept the invitation.",
            code="email_unverified",
        )
    now = timezone.now()
    if invitation.revoked_at is not None:
        raise Conflict("This invitation was revoked.", code="invitation_revoked")
    if invitation.accepted_at is not None:
        existing = Membership.objects.filter(organization=invitation.organization, user=actor).first()
        if existing is not None:
            return existing
        raise Conflict("This invitation was already used.", code="invitation_used")
    if invitation.expires_at <= now:
        raise Conflict("This invitation has expired. Ask for a new one.", code="invitation_expired")
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).update(accepted_at=now, accepted_by=actor, updated_at=now)
        if not claimed:
            raise Conflict("This invitation is no longer valid.", code="invitation_not_pending")
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
            notify(
                user=invitation.invited_by,
                event="organization.invitation_accepted",
                title=f"{actor} joined {invitation.organization.name}",
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
        raise Conflict("This invitation was already accepted.", code="invitation_used")
    return invitation


# --- members --------------------------------------------------------------------------------------


def _lock_owners(organization: Organization) -> list[Any]:
    """Lock the owner rows (PostgreSQL; SQLite serialises writers with IMMEDIATE transactions) so
    two concurrent demotions cannot both pass the "another owner remains" check."""
    return list(
        Membership.objects.select_for_update()
        .filter(organization=organization, role=MemberRole.OWNER)
        .values_list("user_id", flat=True)
    )


def membership_change_role(*, actor: User, organization: Organization, user: User, role: str) -> Membership:
    """Change a member's role (owner or admin). Only an owner grants owner or admin, or changes
    the role of an owner or admin. The last owner cannot be demoted (``last_owner``)."""
    actor_role = _require_role(actor, organization, MANAGE_MEMBERS)
    if role not in MemberRole.values:
        raise ValidationFailed(
            "Choose owner, admin or member.", errors=[{"field": "role", "message": "Choose owner, admin or member."}]
        )
    with transaction.atomic():
        owners = _lock_owners(organization)
        membership = Membership.objects.select_for_update().filter(organization=organization, user=user).first()
        if membership is None:
            raise NotFound("Member not found.")
        if actor_role != MemberRole.OWNER and (
            role in (MemberRole.OWNER, MemberRole.ADMIN) or membership.role in (MemberRole.OWNER, MemberRole.ADMIN)
        ):
            raise PermissionDenied(
                "Only an owner can grant or change the owner and admin roles.", code="owner_role_required"
            )
        if membership.role == role:
            return membership
        if membership.role == MemberRole.OWNER and len(owners) <= 1:
            raise Conflict("An organization needs at least one owner.", code="last_owner")
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        audit_log(
            actor, "organization.member_role_changed", organization, {"user": str(user.pk), "from": old, "to": role}
        )
    return membership


def membership_remove(*, actor: User, organization: Organization, user: User) -> None:
    """Remove a member (owner or admin; only an owner removes an owner or admin). The last owner
    cannot be removed (``last_owner``). Access ends on the removed user's next request, because
    every selector reads memberships from the database."""
    actor_role = _require_role(actor, organization, MANAGE_MEMBERS)
    with transaction.atomic():
        owners = _lock_owners(organization)
        membership = Membership.objects.select_for_update().filter(organization=organization, user=user).first()
        if membership is None:
            raise NotFound("Member not found.")
        if membership.role in (MemberRole.OWNER, MemberRole.ADMIN) and actor_role != MemberRole.OWNER:
            raise PermissionDenied("Only an owner can remove an owner or an admin.", code="owner_role_required")
        if membership.role == MemberRole.OWNER and len(owners) <= 1:
            raise Conflict("The last owner cannot be removed.", code="last_owner")
        membership.delete()
        audit_log(actor, "organization.member_removed", organization, {"user": str(user.pk), "role": membership.role})
        if user.pk != getattr(actor, "pk", None):
            notify(
                user=user,
                event="organization.member_removed",
                title=f"You were removed from {organization.name}",
            )


def membership_leave(*, actor: User, organization: Organization) -> None:
    """Leave an organization. The last owner cannot leave (``last_owner``): hand over first."""
    with transaction.atomic():
        owners = _lock_owners(organization)
        membership = Membership.objects.select_for_update().filter(organization=organization, user=actor).first()
        if membership is None:
            raise NotFound("Organization not found.")
        if membership.role == MemberRole.OWNER and len(owners) <= 1:
            raise Conflict("You are the last owner: make someone else owner before leaving.", code="last_owner")
        membership.delete()
        audit_log(actor, "organization.member_left", organization, {"user": str(actor.pk)})
