"""Organization services: members (remove, change a role, leave; an owner always remains)."""

from __future__ import annotations

import pytest

from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.notifications.models import Notification
from stint.organizations import selectors, services
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership
from stint.organizations.tests.helpers import add_member

pytestmark = pytest.mark.django_db


def test_owner_removes_a_member_who_then_loses_access(personas):
    org = personas.organization
    member = personas.company_member
    selectors.organization_get_for_member(user=member, organization_id=org.pk)
    services.membership_remove(actor=personas.company_owner, organization=org, user=member)
    with pytest.raises(NotFound):
        selectors.organization_get_for_member(user=member, organization_id=org.pk)
    assert not selectors.user_is_member(user=member, organization_id=org.pk)
    assert Notification.objects.filter(user=member, event="organization.member_removed").exists()
    assert AuditEvent.objects.filter(code="organization.member_removed").exists()


def test_admin_removes_members_but_not_owners_or_admins(personas):
    org = personas.organization
    other_admin = add_member(org, MemberRole.ADMIN)
    with pytest.raises(PermissionDenied) as exc:
        services.membership_remove(actor=personas.company_admin, organization=org, user=personas.company_owner)
    assert exc.value.code == "owner_role_required"
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=personas.company_admin, organization=org, user=other_admin)
    services.membership_remove(actor=personas.company_admin, organization=org, user=personas.company_member)


def test_member_cannot_remove_anyone(personas):
    org = personas.organization
    other = add_member(org)
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=personas.company_member, organization=org, user=other)


def test_the_last_owner_cannot_be_removed(personas):
    org = personas.organization
    with pytest.raises(Conflict) as exc:
        services.membership_remove(actor=personas.company_owner, organization=org, user=personas.company_owner)
    assert exc.value.code == "last_owner"


def test_an_owner_can_be_removed_when_another_owner_remains(personas):
    org = personas.organization
    second_owner = add_member(org, MemberRole.OWNER)
    services.membership_remove(actor=second_owner, organization=org, user=personas.company_owner)
    assert not selectors.user_is_member(user=personas.company_owner, organization_id=org.pk)


def test_removing_a_non_member_is_404(personas):
    with pytest.raises(NotFound):
        services.membership_remove(
            actor=personas.company_owner, organization=personas.organization, user=personas.other_company_member
        )


def test_owner_grants_admin_and_owner(personas):
    org = personas.organization
    services.membership_change_role(
        actor=personas.company_owner, organization=org, user=personas.company_member, role="admin"
    )
    assert Membership.objects.get(organization=org, user=personas.company_member).role == "admin"
    services.membership_change_role(
        actor=personas.company_owner, organization=org, user=personas.company_admin, role="owner"
    )
    assert Membership.objects.get(organization=org, user=personas.company_admin).role == "owner"
    assert AuditEvent.objects.filter(code="organization.member_role_changed").count() == 2


@pytest.mark.parametrize("role", ["admin", "owner"])
def test_admin_cannot_grant_admin_or_owner(personas, role):
    with pytest.raises(PermissionDenied) as exc:
        services.membership_change_role(
            actor=personas.company_admin, organization=personas.organization, user=personas.company_member, role=role
        )
    assert exc.value.code == "owner_role_required"


def test_admin_cannot_demote_an_owner(personas):
    with pytest.raises(PermissionDenied):
        services.membership_change_role(
            actor=personas.company_admin,
            organization=personas.organization,
            user=personas.company_owner,
            role="member",
        )


def test_member_cannot_change_roles(personas):
    with pytest.raises(PermissionDenied):
        services.membership_change_role(
            actor=personas.company_member,
            organization=personas.organization,
            user=personas.company_member,
            role="member",
        )


def test_the_last_owner_cannot_be_demoted(personas):
    with pytest.raises(Conflict) as exc:
        services.membership_change_role(
            actor=personas.company_owner, organization=personas.organization, user=personas.company_owner, role="admin"
        )
    assert exc.value.code == "last_owner"


def test_invalid_role_is_a_validation_error(personas):
    with pytest.raises(ValidationFailed):
        services.membership_change_role(
            actor=personas.company_owner, organization=personas.organization, user=personas.company_member, role="boss"
        )


def test_member_leaves(personas):
    org = personas.organization
    services.membership_leave(actor=personas.company_member, organization=org)
    assert not selectors.user_is_member(user=personas.company_member, organization_id=org.pk)


def test_last_owner_cannot_leave(personas):
    with pytest.raises(Conflict) as exc:
        services.membership_leave(actor=personas.company_owner, organization=personas.organization)
    assert exc.value.code == "last_owner"


def test_outsider_cannot_leave(personas):
    with pytest.raises(NotFound):
        services.membership_leave(actor=personas.other_company_member, organization=personas.organization)
