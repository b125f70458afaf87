"""JSON API for organizations, members, invitations and verification."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Router, Status, UploadedFile

from stint.accounts.models import User
from stint.core.api import Page, ProblemSchema, paginate
from stint.core.errors import NotFound
from stint.core.types import AuthedRequest
from stint.organizations import selectors, services
from stint.organizations.choices import MANAGE_MEMBERS
from stint.organizations.models import Invitation, Membership, Organization
from stint.organizations.reliability import organization_reliability
from stint.organizations.schemas import (
    InvitationAcceptIn,
    InvitationIn,
    InvitationOut,
    MemberOut,
    MyOrganizationOut,
    OrganizationIn,
    OrganizationOut,
    OrganizationPatch,
    RoleIn,
)

router = Router(tags=["organizations"])

ERRORS: dict[int, Any] = {
    400: ProblemSchema,
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
    422: ProblemSchema,
}


def logo_url(organization: Organization) -> str | None:
    if not organization.logo:
        return None
    return f"/organizations/o/{organization.slug}/logo/?v={int(organization.updated_at.timestamp())}"


def organization_out(organization: Organization) -> dict[str, Any]:
    return {
        "id": organization.pk,
        "name": organization.name,
        "slug": organization.slug,
        "website": organization.website,
        "industry": organization.industry,
        "size": organization.size,
        "description": organization.description,
        "logo_url": logo_url(organization),
        "verified": organization.is_verified,
        "verified_at": organization.verified_at,
        "public_url": f"/organizations/o/{organization.slug}/",
        "created_at": organization.created_at,
        "reliability": organization_reliability(organization),
    }


def member_out(membership: Membership) -> dict[str, Any]:
    return {
        "user_id": membership.user_id,
        "name": membership.user.name,
        "email": membership.user.email,
        "role": membership.role,
        "joined_at": membership.created_at,
    }


def invitation_status(invitation: Invitation) -> str:
    if invitation.accepted_at:
        return "accepted"
    if invitation.revoked_at:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "pending"


def invitation_out(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "organization_id": invitation.organization_id,
        "email": invitation.email,
        "role": invitation.role,
        "invited_by": str(invitation.invited_by) if invitation.invited_by else None,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
        "revoked_at": invitation.revoked_at,
        "status": invitation_status(invitation),
    }


def _member_user(organization: Organization, user_id: uuid.UUID) -> User:
    user = User.objects.filter(pk=user_id, memberships__organization=organization).first()
    if user is None:
        raise NotFound(_("Member not found."))
    return user


@router.post("/organizations", response={201: OrganizationOut, **ERRORS})
def organization_create(request: AuthedRequest, payload: OrganizationIn):
    """Create an organization; you become its owner. Company accounts (and staff) only, otherwise
    403 `company_role_required`. Upload a logo afterwards with `POST /organizations/{id}/logo`."""
    organization = services.organization_create(actor=request.user, **payload.dict())
    return Status(201, organization_out(organization))


@router.get("/me/organizations", response={200: Page[MyOrganizationOut], **ERRORS})
def my_organizations(request: HttpRequest, page: int = 1, page_size: int = 20):
    """The organizations you belong to, with your role in each."""
    user: Any = request.user
    qs = Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")
    items, count = paginate(qs, page, page_size)
    return {
        "items": [
            {
                "id": m.organization.pk,
                "name": m.organization.name,
                "slug": m.organization.slug,
                "verified": m.organization.is_verified,
                "role": m.role,
            }
            for m in items
        ],
        "count": count,
    }


@router.post("/organizations/invitations/accept", response={200: MemberOut, **ERRORS})
def invitation_accept(request: AuthedRequest, payload: InvitationAcceptIn):
    """Accept an invitation with the token from its link. Only the account whose email address was
    invited can use it (anyone else: 404), once it has confirmed that address (`403
    email_unverified`). Expired: 409 `invitation_expired`."""
    invitation = selectors.invitation_get_for_accept(user=request.user, token=payload.token)
    membership = services.invitation_accept(actor=request.user, invitation=invitation)
    membership.user = request.user
    return member_out(membership)


@router.get("/organizations/{uuid:organization_id}", auth=None, response={200: OrganizationOut, 404: ProblemSchema})
def organization_detail(request: HttpRequest, organization_id: uuid.UUID):
    """An organization's public profile and reliability figures (`null` means no data yet)."""
    return organization_out(selectors.organization_get_public(organization_id=organization_id))


@router.patch("/organizations/{uuid:organization_id}", response={200: OrganizationOut, **ERRORS})
def organization_update(request: AuthedRequest, organization_id: uuid.UUID, payload: OrganizationPatch):
    """Change the profile (owner or admin). Send only the fields to change."""
    organization, _membership = selectors.organization_get_for_member(
        user=request.user, organization_id=organization_id, roles=MANAGE_MEMBERS
    )
    data = payload.dict(exclude_unset=True)
    data = {k: v for k, v in data.items() if v is not None}
    organization = services.organization_update(actor=request.user, organization=organization, **data)
    return organization_out(organization)


@router.post("/organizations/{uuid:organization_id}/logo", response={200: OrganizationOut, **ERRORS})
def organization_logo_set(request: AuthedRequest, organization_id: uuid.UUID, logo: File[UploadedFile]):
    """Upload a logo (multipart field `logo`; PNG, JPEG, GIF or WebP checked by content; at most 2 MB).
    Owner or admin."""
    organization, _membership = selectors.organization_get_for_member(
        user=request.user, organization_id=organization_id, roles=MANAGE_MEMBERS
    )
    organization = services.organization_logo_set(actor=request.user, organization=organization, logo=logo)
    organization.refresh_from_db()
    return organization_out(organization)


@router.delete("/organizations/{uuid:organization_id}/logo", response={204: None, **ERRORS})
def organization_logo_remove(request: AuthedRequest, organization_id: uuid.UUID):
    """Remove the logo (owner or admin)."""
    organization, _membership = selectors.organization_get_for_member(
        user=request.user, organization_id=organization_id, roles=MANAGE_MEMBERS
    )
    services.organization_logo_remove(actor=request.user, organization=organization)
    return HttpResponse(status=204)


@router.get("/organizations/{uuid:organization_id}/members", response={200: Page[MemberOut], **ERRORS})
def member_list(request: AuthedRequest, organization_id: uuid.UUID, page: int = 1, page_size: int = 50):
    """The members and their roles (members only; anyone else 404)."""
    organization, _membership = selectors.organization_get_for_member(
        user=request.user, organization_id=organization_id
    )
    items, count = paginate(selectors.membership_list(organization=organization), page, page_size)
    return {"items": [member_out(m) for m in items], "count": count}


@router.post("/organizations/{uuid:organization_id}/members/{uuid:user_id}/role", response={200: MemberOut, **ERRORS})
def member_change_role(request: AuthedRequest, organization_id: uuid.UUID, user_id: uuid.UUID, payload: RoleIn):
    """Change a member's role (owner or admin; only an owner grants or changes owner and admin).
    Demoting the last owner: 409 `last_owner`."""
    organization, _membership = selectors.organization_get_for_member(
        user=request.user, organization_id=organization_id, roles=MANAGE_MEMBERS
    )
    user = _member_user(organization, user_id)
    membership = services.membership_change_role(
        actor=request.user, organization=organization, user=user, role=payload.role
    )
    membership.user = user
    return member_out(membership)


@router.delete("/organizations/{uuid:organization_id}/members/{uuid:user_id}", response={204: None, **ERRORS})
def member_remove(request: AuthedRequest, organization_id: uuid.UUID, user_id: uuid.UUID):
    """Remove a member (owner or admin; only an owner removes an owner or admin). The last owner
    cannot be removed: 409 `last_owner`. The member loses access on their next request."""
    organization, _membership = selectors.organization_get_for_member(
        user=request.user, organization_id=organization_id, roles=MANAGE_MEMBERS
    )
    user = _member_user(organization, user_id)
    services.membership_remove(actor=request.user, organization=organization, user=user)
    return HttpResponse(status=204)


@router.post("/organizations/{uuid:organization_id}/leave", response={204: None, **ERRORS})
def member_leave(request: AuthedRequest, organization_id: uuid.UUID):
    """Leave the organization. The last owner cannot leave: 409 `last_owner`."""
    organization, _membership = selectors.organization_get_for_member(
        user=request.user, organization_id=organization_id
    )
    services.membership_leave(actor=request.user, organization=organization)
    return HttpResponse(status=204)


@router.get("/organizations/{uuid:organization_id}/invitations", response={200: Page[InvitationOut], **ERRORS})
def invitation_list(request: AuthedRequest, organization_id: uuid.UUID, page: int = 1, page_size: int = 50):
    """Pending invitations (owner or admin)."""
    organization, _membership = selectors.organization_get_for_member(
        user=request.user, organization_id=organization_id, roles=MANAGE_MEMBERS
    )
    items, count = paginate(selectors.invitation_list_pending(organization=organization), page, page_size)
    return {"items": [invitation_out(i) for i in items], "count": count}


@router.post("/organizations/{uuid:organization_id}/invitations", response={201: InvitationOut, **ERRORS})
def invitation_create(request: AuthedRequest, organization_id: uuid.UUID, payload: InvitationIn):
    """Invite someone by email as `admin` or `member` (owner or admin; only an owner invites admins).
    They get an email with a link valid for 14 days, and a notification if they have an account."""
    organization, _membership = selectors.organization_get_for_member(
        user=request.user, organization_id=organization_id, roles=MANAGE_MEMBERS
    )
    invitation = services.invitation_create(
        actor=request.user, organization=organization, email=payload.email, role=payload.role
    )
    return Status(201, invitation_out(invitation))


@router.post(
    "/organizations/{uuid:organization_id}/invitations/{uuid:invitation_id}/revoke",
    response={200: InvitationOut, **ERRORS},
)
def invitation_revoke(request: AuthedRequest, organization_id: uuid.UUID, invitation_id: uuid.UUID):
    """Revoke a pending invitation (owner or admin); its link stops working."""
    invitation = selectors.invitation_get_for_manager(
        user=request.user, organization_id=organization_id, invitation_id=invitation_id
    )
    invitation = services.invitation_revoke(actor=request.user, invitation=invitation)
    return invitation_out(invitation)


# Skill proposals (stint/organizations/skill_proposals.py): membership is checked here, rules in skills.
from stint.organizations.skill_proposals import router as _skill_proposals_router  # noqa: E402

router.add_router("", _skill_proposals_router)
