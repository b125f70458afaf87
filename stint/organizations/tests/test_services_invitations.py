"""Organization services: invitations (create, email, accept, expire, revoke)."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.core.testing.factories import CompanyUserFactory
from stint.notifications.models import Notification
from stint.organizations import selectors, services
from stint.organizations.models import Membership

pytestmark = pytest.mark.django_db


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
