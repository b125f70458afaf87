"""Limits and the role checks every organization service shares."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from stint.core.errors import NotFound, PermissionDenied
from stint.core.types import Actor, User
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization

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
        raise NotFound(_("Organization not found."))
    if role not in {str(r) for r in roles}:
        raise PermissionDenied(
            _("Your role in this organization does not allow this."), code="organization_role_required"
        )
    return role
