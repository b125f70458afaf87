"""Members: changing a role, removing a member, leaving; an organization always keeps an owner."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.types import User
from stint.notifications.services import in_language_of, notify
from stint.organizations.choices import MANAGE_MEMBERS, MemberRole
from stint.organizations.models import Membership, Organization
from stint.organizations.services.base import _require_role


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
            _("Choose owner, admin or member."),
            errors=[{"field": "role", "message": _("Choose owner, admin or member.")}],
        )
    with transaction.atomic():
        owners = _lock_owners(organization)
        membership = Membership.objects.select_for_update().filter(organization=organization, user=user).first()
        if membership is None:
            raise NotFound(_("Member not found."))
        if actor_role != MemberRole.OWNER and (
            role in (MemberRole.OWNER, MemberRole.ADMIN) or membership.role in (MemberRole.OWNER, MemberRole.ADMIN)
        ):
            raise PermissionDenied(
                _("Only an owner can grant or change the owner and admin roles."), code="owner_role_required"
            )
        if membership.role == role:
            return membership
        if membership.role == MemberRole.OWNER and len(owners) <= 1:
            raise Conflict(_("An organization needs at least one owner."), code="last_owner")
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
            raise NotFound(_("Member not found."))
        if membership.role in (MemberRole.OWNER, MemberRole.ADMIN) and actor_role != MemberRole.OWNER:
            raise PermissionDenied(_("Only an owner can remove an owner or an admin."), code="owner_role_required")
        if membership.role == MemberRole.OWNER and len(owners) <= 1:
            raise Conflict(_("The last owner cannot be removed."), code="last_owner")
        membership.delete()
        audit_log(actor, "organization.member_removed", organization, {"user": str(user.pk), "role": membership.role})
        if user.pk != getattr(actor, "pk", None):
            with in_language_of(user):
                notify(
                    user=user,
                    event="organization.member_removed",
                    title=_("You were removed from %(organization)s") % {"organization": organization.name},
                )


def membership_leave(*, actor: User, organization: Organization) -> None:
    """Leave an organization. The last owner cannot leave (``last_owner``): hand over first."""
    with transaction.atomic():
        owners = _lock_owners(organization)
        membership = Membership.objects.select_for_update().filter(organization=organization, user=actor).first()
        if membership is None:
            raise NotFound(_("Organization not found."))
        if membership.role == MemberRole.OWNER and len(owners) <= 1:
            raise Conflict(_("You are the last owner: make someone else owner before leaving."), code="last_owner")
        membership.delete()
        audit_log(actor, "organization.member_left", organization, {"user": str(actor.pk)})
