from __future__ import annotations

import datetime
import io
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.core.testing.factories import CompanyUserFactory, StaffFactory
from stint.flows import publishing
from stint.notifications.models import Notification
from stint.organizations import selectors, services
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization
from stint.organizations.tests.factories import OrganizationFactory
from stint.projects import services as project_services

pytestmark = pytest.mark.django_db


def png_bytes(size: tuple[int, int] = (32, 32), fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buf, format=fmt)
    return buf.getvalue()


def upload(data: bytes, name: str = "logo.png", content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def add_member(organization: Organization, role: str = MemberRole.MEMBER, **kw):
    user: Any = CompanyUserFactory(**kw)
    Membership.objects.create(organization=organization, user=user, role=role)
    return user


# --- create -----------------------------------------------------------------------------------------


def test_company_user_creates_organization_and_becomes_owner(personas):
    user = CompanyUserFactory()
    org = services.organization_create(
        actor=user, name="Fjord Analytics", website="https://fjord.example", industry="Data", size="2-10"
    )
    assert org.slug == "fjord-analytics"
    assert Membership.objects.get(organization=org, user=user).role == MemberRole.OWNER
    assert not org.is_verified
    assert AuditEvent.objects.filter(code="organization.created", target_id=str(org.pk)).exists()


def test_slug_is_unique_for_the_same_name():
    user = CompanyUserFactory()
    first = services.organization_create(actor=user, name="Fjord Analytics")
    second = services.organization_create(actor=user, name="Fjord Analytics")
    third = services.organization_create(actor=user, name="Fjord  analytics!")
    assert (first.slug, second.slug, third.slug) == ("fjord-analytics", "fjord-analytics-2", "fjord-analytics-3")


def test_staff_may_create_organizations(personas):
    org = services.organization_create(actor=personas.staff, name="Staff Org")
    assert Membership.objects.filter(organization=org, user=personas.staff, role="owner").exists()


@pytest.mark.parametrize("persona", ["talent", "advisor"])
def test_talent_and_advisor_cannot_create_organizations(personas, persona):
    with pytest.raises(PermissionDenied) as exc:
        services.organization_create(actor=getattr(personas, persona), name="Nope")
    assert exc.value.code == "company_role_required"
    assert exc.value.status == 403
    assert not Organization.objects.filter(name="Nope").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"name": "Ok", "website": "not a url"}, "website"),
        ({"name": "Ok", "website": "ftp://files.example"}, "website"),
        ({"name": "Ok", "size": "huge"}, "size"),
        ({"name": "Ok", "industry": "x" * 101}, "industry"),
        ({"name": "Ok", "description": "x" * 5001}, "description"),
    ],
)
def test_create_validates_fields(data, field):
    with pytest.raises(ValidationFailed) as exc:
        services.organization_create(actor=CompanyUserFactory(), **data)
    assert exc.value.code == "validation_error"
    assert field in [e["field"] for e in exc.value.errors]


def test_create_with_a_real_logo_stores_it():
    org = services.organization_create(actor=CompanyUserFactory(), name="Logo Co", logo=upload(png_bytes()))
    org.refresh_from_db()
    assert org.logo.name is not None
    assert org.logo.name.startswith("logos/") and org.logo.name.endswith(".png")
    with org.logo.open("rb") as fh:
        assert fh.read(8) == b"\x89PNG\r\n\x1a\n"


def test_logo_is_checked_by_content_not_by_name():
    with pytest.raises(ValidationFailed) as exc:
        services.organization_create(
            actor=CompanyUserFactory(), name="Fake", logo=upload(b"<svg onload=alert(1)>", "logo.png")
        )
    assert exc.value.code == "logo_invalid"
    assert not Organization.objects.filter(name="Fake").exists()


def test_jpeg_renamed_to_png_is_stored_as_jpeg():
    org = services.organization_create(
        actor=CompanyUserFactory(), name="Jpeg Co", logo=upload(png_bytes(fmt="JPEG"), "logo.png")
    )
    org.refresh_from_db()
    assert org.logo.name is not None and org.logo.name.endswith(".jpg")


def test_logo_over_two_megabytes_is_refused():
    big = upload(png_bytes() + b"\0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationFailed) as exc:
        services.organization_create(actor=CompanyUserFactory(), name="Big", logo=big)
    assert exc.value.code == "logo_too_large"


def test_logo_with_huge_dimensions_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        services.organization_create(actor=CompanyUserFactory(), name="Wide", logo=upload(png_bytes((5000, 10))))
    assert exc.value.code == "logo_invalid"


# --- update -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["company_owner", "company_admin"])
def test_owner_and_admin_update_the_profile(personas, persona):
    org = services.organization_update(
        actor=getattr(personas, persona), organization=personas.organization, description="New text"
    )
    org.refresh_from_db()
    assert org.description == "New text"
    assert org.slug == "acme"


def test_member_cannot_update_the_profile(personas):
    with pytest.raises(PermissionDenied) as exc:
        services.organization_update(actor=personas.company_member, organization=personas.organization, name="X")
    assert exc.value.code == "organization_role_required"


def test_outsider_cannot_update_the_profile(personas):
    with pytest.raises(NotFound):
        services.organization_update(actor=personas.other_company_member, organization=personas.organization, name="X")


def test_update_validates(personas):
    with pytest.raises(ValidationFailed):
        services.organization_update(actor=personas.company_owner, organization=personas.organization, name="")


def test_replacing_the_logo_deletes_the_old_file(personas, django_capture_on_commit_callbacks):
    org = personas.organization
    services.organization_logo_set(actor=personas.company_owner, organization=org, logo=upload(png_bytes()))
    org.refresh_from_db()
    first = org.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.organization_logo_set(actor=personas.company_owner, organization=org, logo=upload(png_bytes()))
    org.refresh_from_db()
    assert org.logo.name != first
    assert not org.logo.storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        services.organization_logo_remove(actor=personas.company_owner, organization=org)
    org.refresh_from_db()
    assert not org.logo


# --- invitations ------------------------------------------------------------------------------------


def invite(personas, email="new.person@example.test", role="member", actor=None, capture=None):
    return services.invitation_create(
        actor=actor or personas.company_owner, organization=personas.organization, email=email, role=role
    )


def test_invitation_emails_a_link_and_stores_only_a_hash(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(personas, email="New.Person@Example.test")
    assert invitation.email == "new.person@example.test"
    token = services.invitation_token(invitation)
    assert invitation.token_hash == services.hash_invitation_token(token)
    assert token not in invitation.token_hash
    assert invitation.expires_at - timezone.now() > datetime.timedelta(days=13, hours=23)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.test"]
    assert f"/organizations/invitations/{token}/" in message.body
    invitation.refresh_from_db()
    assert invitation.emailed_at is not None
    # Running the email task again sends nothing more.
    assert services.invitation_send_email(invitation_id=invitation.pk) is False
    assert len(mail.outbox) == 1


def test_invitation_to_an_existing_user_also_notifies_them(personas, django_capture_on_commit_callbacks):
    invitee = CompanyUserFactory(email="known@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(personas, email="known@example.test")
    notification = Notification.objects.get(user=invitee, event="organization.invitation")
    assert notification.url == services.invitation_url(invitation)
    assert any(m.to == ["known@example.test"] and "/organizations/invitations/" in m.body for m in mail.outbox)


def test_invitation_to_a_stranger_creates_no_notification(personas):
    invite(personas, email="stranger@example.test")
    assert not Notification.objects.filter(event="organization.invitation").exists()


def test_admin_invites_members_but_not_admins(personas):
    invite(personas, actor=personas.company_admin, role="member")
    with pytest.raises(PermissionDenied) as exc:
        invite(personas, email="x@example.test", actor=personas.company_admin, role="admin")
    assert exc.value.code == "owner_role_required"


def test_owner_invites_admins(personas):
    assert invite(personas, role="admin").role == "admin"


def test_member_cannot_invite(personas):
    with pytest.raises(PermissionDenied):
        invite(personas, actor=personas.company_member)


def test_outsider_cannot_invite(personas):
    with pytest.raises(NotFound):
        invite(personas, actor=personas.other_company_member)


@pytest.mark.parametrize(("email", "role", "field"), [("nope", "member", "email"), ("a@b.test", "owner", "role")])
def test_invitation_validates(personas, email, role, field):
    with pytest.raises(ValidationFailed) as exc:
        invite(personas, email=email, role=role)
    assert [e["field"] for e in exc.value.errors] == [field]


def test_inviting_an_existing_member_is_a_conflict(personas):
    with pytest.raises(Conflict) as exc:
        invite(personas, email=personas.company_member.email.upper())
    assert exc.value.code == "already_member"


def test_inviting_again_replaces_the_pending_invitation(personas):
    first = invite(personas)
    second = invite(personas)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert list(selectors.invitation_list_pending(organization=personas.organization)) == [second]


def test_accepting_creates_the_membership_once(personas):
    invitee = CompanyUserFactory(email="invitee@example.test")
    invitation = invite(personas, email="invitee@example.test", role="admin")
    found = selectors.invitation_get_for_accept(user=invitee, token=services.invitation_token(invitation))
    membership = services.invitation_accept(actor=invitee, invitation=found)
    assert membership.role == "admin"
    assert selectors.user_is_member(user=invitee, organization_id=personas.organization.pk)
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee and invitation.accepted_at is not None
    # Accepting twice is harmless and returns the same membership.
    again = services.invitation_accept(actor=invitee, invitation=invitation)
    assert again.pk == membership.pk
    assert Membership.objects.filter(organization=personas.organization, user=invitee).count() == 1
    assert AuditEvent.objects.filter(code="organization.member_joined").count() == 1
    assert Notification.objects.filter(user=personas.company_owner, event="organization.invitation_accepted").exists()


def test_invitation_email_match_is_case_insensitive(personas):
    invitee = CompanyUserFactory(email="mixed@example.test")
    invitation = invite(personas, email="MIXED@example.test")
    found = selectors.invitation_get_for_accept(user=invitee, token=services.invitation_token(invitation))
    assert services.invitation_accept(actor=invitee, invitation=found).user == invitee


def test_wrong_user_gets_404_for_the_invitation(personas):
    invitation = invite(personas, email="right@example.test")
    token = services.invitation_token(invitation)
    with pytest.raises(NotFound):
        selectors.invitation_get_for_accept(user=personas.other_company_member, token=token)
    with pytest.raises(NotFound):
        services.invitation_accept(actor=personas.other_company_member, invitation=invitation)
    assert not selectors.user_is_member(user=personas.other_company_member, organization_id=personas.organization.pk)


def test_unknown_token_is_404(personas):
    with pytest.raises(NotFound):
        selectors.invitation_get_for_accept(user=personas.company_owner, token="nope")


def test_expired_invitation_cannot_be_accepted(personas):
    invitee = CompanyUserFactory(email="late@example.test")
    invitation = invite(personas, email="late@example.test")
    later = timezone.now() + datetime.timedelta(days=14, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later), pytest.raises(Conflict) as exc:
        services.invitation_accept(actor=invitee, invitation=invitation)
    assert exc.value.code == "invitation_expired"
    assert not Membership.objects.filter(user=invitee).exists()


def test_invitation_still_works_just_before_expiry(personas):
    invitee = CompanyUserFactory(email="ontime@example.test")
    invitation = invite(personas, email="ontime@example.test")
    later = timezone.now() + datetime.timedelta(days=13, hours=23)
    with mock.patch("django.utils.timezone.now", return_value=later):
        services.invitation_accept(actor=invitee, invitation=invitation)
    assert Membership.objects.filter(user=invitee).exists()


def test_revoked_invitation_cannot_be_accepted(personas):
    invitee = CompanyUserFactory(email="revoked@example.test")
    invitation = invite(personas, email="revoked@example.test")
    services.invitation_revoke(actor=personas.company_admin, invitation=invitation)
    with pytest.raises(Conflict) as exc:
        services.invitation_accept(actor=invitee, invitation=invitation)
    assert exc.value.code == "invitation_revoked"


def test_revoked_invitation_email_is_not_sent(personas):
    invitation = invite(personas, email="gone@example.test")
    services.invitation_revoke(actor=personas.company_owner, invitation=invitation)
    mail.outbox.clear()
    assert services.invitation_send_email(invitation_id=invitation.pk) is False
    assert mail.outbox == []


def test_member_cannot_revoke_an_invitation(personas):
    invitation = invite(personas)
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(actor=personas.company_member, invitation=invitation)


@pytest.mark.parametrize("persona", ["talent", "advisor"])
def test_only_company_accounts_accept_invitations(personas, persona):
    user = getattr(personas, persona)
    invitation = invite(personas, email=user.email)
    with pytest.raises(PermissionDenied) as exc:
        services.invitation_accept(actor=user, invitation=invitation)
    assert exc.value.code == "company_role_required"


# --- members ----------------------------------------------------------------------------------------


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


# --- verification -----------------------------------------------------------------------------------


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
    from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory

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
