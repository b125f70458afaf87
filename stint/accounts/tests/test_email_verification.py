"""Mandatory email verification holds for the API, and invitations go to verified addresses (issue 9)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client

from stint.accounts.models import ApiToken, User
from stint.core.errors import PermissionDenied
from stint.core.testing.factories import CompanyUserFactory
from stint.notifications.models import Notification
from stint.organizations import services as org_services
from stint.organizations.models import Invitation, Membership

pytestmark = pytest.mark.django_db

PASSWORD = "attacker-passphrase-2026"
VICTIM = "cfo@victim-corp.example"


@pytest.fixture
def mandatory(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # the production default (DJANGO_DEBUG=false)


def api_signup(client, email, role="company"):
    return client.post("auth/signup", {"email": email, "password": PASSWORD, "name": "Someone", "role": role})


def token_for(client, email, password=PASSWORD):
    return client.post("auth/token", {"email": email, "password": password})


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[1]


def test_the_confirmation_email_speaks_for_stint_not_for_the_host(api_client_for):
    """Issue 16: it said "Hello from 127.0.0.1:8201!" with a "[127.0.0.1:8201]" subject."""
    assert api_signup(api_client_for(None), "new@example.test").status_code in (201, 202)
    [message] = mail.outbox
    assert message.subject.startswith("[Stint] ")
    assert message.body.startswith("Hello from Stint!")
    assert "testserver!" not in message.body and "Stint, the open micro-internship marketplace" in message.body
    assert confirmation_link(message).startswith("/accounts/confirm-email/")


# --- tokens ------------------------------------------------------------------------------------------


def test_an_unverified_account_gets_no_token_when_verification_is_mandatory(mandatory, api_client_for):
    client = api_client_for(None)
    assert api_signup(client, "new@example.test").status_code == 202
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.test"]  # the link is sent
    response = token_for(client, "new@example.test")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "email_unverified"
    assert not ApiToken.objects.exists()

    link = confirmation_link(mail.outbox[0])
    assert Client().post(link).status_code == 302
    assert EmailAddress.objects.get(email="new@example.test").verified
    assert token_for(client, "new@example.test").status_code == 200


def test_email_unverified_does_not_use_up_login_attempts(mandatory, api_client_for):
    client = api_client_for(None)
    api_signup(client, "new@example.test")
    for _ in range(7):
        assert token_for(client, "new@example.test").json()["code"] == "email_unverified"
    wrong = token_for(client, "new@example.test", "wrong-password-123")
    assert wrong.json()["code"] == "invalid_credentials"  # not yet locked out


def test_the_password_is_checked_before_verification(mandatory, api_client_for):
    client = api_client_for(None)
    api_signup(client, "new@example.test")
    response = token_for(client, "new@example.test", "wrong-password-123")
    assert response.status_code == 401 and response.json()["code"] == "invalid_credentials"


def test_optional_verification_still_gives_unverified_accounts_a_token(settings, api_client_for):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    client = api_client_for(None)
    api_signup(client, "new@example.test")
    assert token_for(client, "new@example.test").status_code == 200


def test_the_verification_email_can_be_sent_again_through_the_api(mandatory, api_client_for):
    client = api_client_for(None)
    api_signup(client, "new@example.test")
    assert len(mail.outbox) == 1
    again = client.post("auth/email/verification", {"email": "NEW@example.test"})
    assert again.status_code == 202
    assert len(mail.outbox) == 1  # at most one mail per address per cooldown; the first link is valid
    cache.clear()  # the cooldown is over
    assert client.post("auth/email/verification", {"email": "new@example.test"}).status_code == 202
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["new@example.test"]
    assert Client().post(confirmation_link(mail.outbox[1])).status_code == 302
    assert token_for(client, "new@example.test").status_code == 200


@pytest.mark.parametrize("who", ["unknown", "verified"])
def test_resending_answers_the_same_and_sends_nothing_for_unknown_or_verified_addresses(
    mandatory, api_client_for, personas, who
):
    email = "nobody@example.test" if who == "unknown" else personas.talent.email
    response = api_client_for(None).post("auth/email/verification", {"email": email})
    assert response.status_code == 202
    assert response.json() == {
        "detail": "If this address has an account waiting for confirmation, a new link is on its way."
    }
    assert mail.outbox == []


# --- organization invitations: the attack from the issue ----------------------------------------------


def _invite(personas, email=VICTIM):
    return org_services.invitation_create(
        actor=personas.company_owner, organization=personas.organization, email=email, role="admin"
    )


def test_a_pre_registered_address_gets_no_admin_membership(mandatory, api_client_for, personas):
    """Someone signs up with an address they do not own, before its owner is invited as admin."""
    attacker_api = api_client_for(None)
    assert api_signup(attacker_api, VICTIM).status_code == 202
    assert token_for(attacker_api, VICTIM).json()["code"] == "email_unverified"  # no API way in
    attacker = User.objects.get(email=VICTIM)

    invitation = _invite(personas)
    # The in-app notification (with the link) goes only to a verified holder of the address.
    assert not Notification.objects.filter(user=attacker).exists()

    # Even holding a session and the link (the email went to the real owner), accepting fails.
    web = Client()
    web.force_login(attacker)
    url = org_services.invitation_url(invitation)
    page = web.post(url)
    assert "Confirm your email address" in page.content.decode()
    api = Client()
    api.force_login(attacker)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    response = api.post("/api/v1/organizations/invitations/accept", {"token": token}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "email_unverified"

    assert not Membership.objects.filter(user=attacker).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.accepted_by_id is None


def test_the_owner_of_the_address_joins_after_confirming_it(mandatory, personas, django_capture_on_commit_callbacks):
    owner = CompanyUserFactory(email=VICTIM)  # factories confirm the address
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(personas)
    assert Notification.objects.filter(user=owner, event="organization.invitation").count() == 1
    membership = org_services.invitation_accept(actor=owner, invitation=invitation)
    assert membership.role == "admin"


def test_an_unverified_owner_confirms_then_accepts(personas):
    owner = CompanyUserFactory(email=VICTIM)
    EmailAddress.objects.filter(user=owner).update(verified=False)
    invitation = _invite(personas)
    with pytest.raises(PermissionDenied) as refused:
        org_services.invitation_accept(actor=owner, invitation=invitation)
    assert refused.value.code == "email_unverified"
    assert not Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=False).exists()
    EmailAddress.objects.filter(user=owner).update(verified=True)
    assert org_services.invitation_accept(actor=owner, invitation=invitation).role == "admin"
