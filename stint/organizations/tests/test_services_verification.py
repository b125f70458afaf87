"""Organization services: verification by staff, and the pending projects it opens."""

from __future__ import annotations

from unittest import mock

import pytest

from stint.core.errors import PermissionDenied
from stint.core.models import AuditEvent
from stint.core.testing.factories import CompanyUserFactory, StaffFactory
from stint.flows import publishing
from stint.notifications.models import Notification
from stint.organizations import selectors, services
from stint.organizations.choices import MemberRole
from stint.organizations.models import Organization
from stint.organizations.tests.factories import OrganizationFactory
from stint.organizations.tests.helpers import add_member
from stint.projects import services as project_services
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory

pytestmark = pytest.mark.django_db


def test_staff_verifies_and_owners_are_notified(personas):
    owner = CompanyUserFactory()
    org = services.organization_create(actor=owner, name="New Co")
    second_owner = add_member(org, MemberRole.OWNER)
    member = add_member(org, MemberRole.MEMBER)
    publishing.organization_verify(actor=personas.staff, organization=org)
    org.refresh_from_db()
    assert org.is_verified and org.verified_by == personas.staff
    event = AuditEvent.objects.get(code="organization.verified", target_id=str(org.pk))
    assert event.actor == personas.staff
    notified = set(Notification.objects.filter(event="organization.verified").values_list("user_id", flat=True))
    assert notified == {owner.pk, second_owner.pk}
    assert member.pk not in notified


def test_verifying_twice_changes_nothing(personas):
    org = OrganizationFactory()
    add_member(org, MemberRole.OWNER)
    publishing.organization_verify(actor=personas.staff, organization=org)
    first = Organization.objects.get(pk=org.pk).verified_at
    publishing.organization_verify(actor=StaffFactory(), organization=org)
    assert Organization.objects.get(pk=org.pk).verified_at == first
    assert AuditEvent.objects.filter(code="organization.verified").count() == 1
    assert Notification.objects.filter(event="organization.verified").count() == 1


@pytest.mark.parametrize("persona", ["company_owner", "company_admin", "talent", "advisor"])
def test_only_staff_verify(personas, persona):
    org = OrganizationFactory()
    with pytest.raises(PermissionDenied) as exc:
        publishing.organization_verify(actor=getattr(personas, persona), organization=org)
    assert exc.value.code == "staff_only"
    assert not Organization.objects.get(pk=org.pk).is_verified


def fake_projects_hook(func):
    """Stand in for the projects app's step of the verification flow."""
    return mock.patch.object(project_services, "project_publish_pending_for_organization", func)


def test_verification_publishes_pending_projects_through_the_projects_step(personas):
    org = OrganizationFactory()
    calls = []

    def fake_publish(*, organization, actor):
        calls.append((organization.pk, actor.pk))
        return 2

    with fake_projects_hook(fake_publish):
        publishing.organization_verify(actor=personas.staff, organization=org)
    assert calls == [(org.pk, personas.staff.pk)]
    event = AuditEvent.objects.get(code="organization.verified", target_id=str(org.pk))
    assert event.data == {"projects_published": 2}


def test_a_failing_projects_step_leaves_the_organization_unverified(personas):
    org = OrganizationFactory()

    def broken(*, organization, actor):
        raise RuntimeError("boom")

    with fake_projects_hook(broken), pytest.raises(RuntimeError):
        publishing.organization_verify(actor=personas.staff, organization=org)
    assert not Organization.objects.get(pk=org.pk).is_verified


def test_unverified_list_is_staff_only(personas):
    unverified = OrganizationFactory()
    assert list(selectors.organization_list_unverified(user=personas.staff)) == [unverified]
    with pytest.raises(PermissionDenied):
        selectors.organization_list_unverified(user=personas.company_owner)


def test_verification_opens_the_real_pending_projects(personas):
    org = OrganizationFactory()
    add_member(org, MemberRole.OWNER)
    pending = ProjectFactory(organization=org, status="pending_review", published_at=None)
    ProjectSkillFactory(project=pending)
    draft = ProjectFactory(organization=org, status="draft", published_at=None)
    publishing.organization_verify(actor=personas.staff, organization=org)
    pending.refresh_from_db()
    draft.refresh_from_db()
    assert pending.status == "open", pending.moderation_note
    assert draft.status == "draft"
    event = AuditEvent.objects.get(code="organization.verified", target_id=str(org.pk))
    assert event.data == {"projects_published": 1}
