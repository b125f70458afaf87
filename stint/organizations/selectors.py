"""Reads scoped to the acting user. Another tenant's organization is a 404, never a 403."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from stint.core.errors import NotFound, PermissionDenied
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization


def membership_get(*, user: Any, organization: Organization) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def organization_list_for_user(*, user: Any) -> QuerySet[Organization]:
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user).order_by("name")


def organization_get_for_member(
    *, user: Any, organization_id: Any, roles: Iterable[str] = tuple(MemberRole)
) -> tuple[Organization, Membership]:
    """The organization if ``user`` is a member (404 otherwise). A member whose role is not in
    ``roles`` gets 403: they can see the organization, but not do this."""
    if not getattr(user, "is_authenticated", False):
        raise NotFound("Organization not found.")
    membership = (
        Membership.objects.select_related("organization").filter(user=user, organization_id=organization_id).first()
    )
    if membership is None:
        raise NotFound("Organization not found.")
    if membership.role not in {str(r) for r in roles}:
        raise PermissionDenied("Your role in this organization does not allow this.", code="organization_role_required")
    return membership.organization, membership


def organization_get_public(*, organization_id: Any) -> Organization:
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound("Organization not found.")
    return organization


def user_is_member(*, user: Any, organization_id: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and Membership.objects.filter(user=user, organization_id=organization_id).exists()
    )
