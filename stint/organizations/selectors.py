"""Reads scoped to the acting user. Another tenant's organization is a 404, never a 403."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stint.core.errors import NotFound, PermissionDenied
from stint.core.types import Actor, User
from stint.organizations.choices import MemberRole
from stint.organizations.models import Invitation, Membership, Organization


def membership_get(*, user: Actor, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def organization_list_for_user(*, user: Actor) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).order_by("name")


def organization_get_for_member(
    *, user: Actor, organization_id: Any, roles: Iterable[str] = tuple(MemberRole)
) -> tuple[Organization, Membership]:
    """The organization if ``user`` is a member (404 otherwise). A member whose role is not in
    ``roles`` gets 403: they can see the organization, but not do this."""
    if not user.is_authenticated:
        raise NotFound(_("Organization not found."))
    membership = (
        Membership.objects.select_related("organization").filter(user=user, organization_id=organization_id).first()
    )
    if membership is None:
        raise NotFound(_("Organization not found."))
    if membership.role not in {str(r) for r in roles}:
        raise PermissionDenied(
            _("Your role in this organization does not allow this."), code="organization_role_required"
        )
    return membership.organization, membership


def organization_get_public(*, organization_id: Any) -> Organization:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(_("Organization not found."))
    return organization


def user_is_member(*, user: Actor, organization_id: Any) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user, organization_id=organization_id).exists()


def organization_get_by_slug_public(*, slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise NotFound(_("Organization not found."))
    return organization


def organization_list_for_user_with_roles(*, user: Actor) -> list[tuple[Organization, str]]:
    """The user's organizations with their role in each, by name."""
    if not user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")
    return [(m.organization, m.role) for m in memberships]


def membership_list(*, organization: Organization) -> QuerySet[Membership]:
    """Members of an organization, owners first. Call only after checking the actor is a member."""
    from django.db.models import Case, IntegerField, Value, When

    order = Case(
        When(role=MemberRole.OWNER, then=Value(0)),
        When(role=MemberRole.ADMIN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .annotate(role_order=order)
        .order_by("role_order", "user__name", "user__email")
    )


def invitation_list_pending(*, organization: Organization) -> QuerySet[Invitation]:
    from django.utils import timezone

    return Invitation.objects.filter(
        organization=organization, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def invitation_get_for_manager(*, user: User, organization_id: Any, invitation_id: Any) -> Invitation:
    """An invitation of an organization the user manages (404 outside it, 403 for a plain member)."""
    organization, _membership = organization_get_for_member(
        user=user, organization_id=organization_id, roles=(MemberRole.OWNER, MemberRole.ADMIN)
    )
    invitation = Invitation.objects.filter(pk=invitation_id, organization=organization).first()
    if invitation is None:
        raise NotFound(_("Invitation not found."))
    invitation.organization = organization
    return invitation


def invitation_get_for_accept(*, user: Actor, token: str) -> Invitation:
    """The invitation behind a link, for the signed-in user it was sent to. Anyone else (and an
    unknown token) gets 404, so a leaked link tells a stranger nothing."""
    from stint.organizations.services import hash_invitation_token

    if not user.is_authenticated or not token or len(token) > 100:
        raise NotFound(_("Invitation not found."))
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token_hash=hash_invitation_token(token))
        .first()
    )
    if invitation is None or invitation.email.lower() != (user.email or "").lower():
        raise NotFound(_("Invitation not found."))
    return invitation


def organization_list_unverified(*, user: Actor) -> QuerySet[Organization]:
    """Organizations waiting for verification, oldest first (staff only)."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_platform_staff", False)):
        raise PermissionDenied(_("Only platform staff can see this."), code="staff_only")
    return Organization.objects.filter(verified_at__isnull=True).order_by("created_at")
