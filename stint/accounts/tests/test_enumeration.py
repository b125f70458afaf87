"""API signup answers the same for known and unknown addresses (issue 9)."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from stint.accounts.models import User
from stint.core.models import AuditEvent
from stint.core.testing.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

STRONG = "a-long-enough-passphrase-42"


def signup(client, email, **overrides):
    data = {"email": email, "password": STRONG, "name": "Someone Else", "role": "company", **overrides}
    return client.post("auth/signup", data)


@pytest.mark.parametrize("verification", ["mandatory", "optional"])
def test_signup_answers_the_same_for_a_known_and_an_unknown_address(api_client_for, personas, settings, verification):
    settings.ACCOUNT_EMAIL_VERIFICATION = verification
    known = personas.talent
    client = api_client_for(None)
    for_known = signup(client, known.email.upper())
    for_new = signup(client, "brand-new@example.test")
    assert for_known.status_code == for_new.status_code == 202
    assert for_known["Content-Type"] == for_new["Content-Type"]
    assert {**for_known.json(), "email": "x"} == {**for_new.json(), "email": "x"}
    assert for_known.json()["email_verification"] == verification


def test_a_known_address_gets_no_second_account_and_its_owner_is_told(api_client_for, personas):
    known = personas.talent
    before = (User.objects.count(), EmailAddress.objects.count(), known.password, known.name, known.role)
    signup(api_client_for(None), f"  {known.email.upper()} ")
    known.refresh_from_db()
    after = (User.objects.count(), EmailAddress.objects.count(), known.password, known.name, known.role)
    assert after == before  # nothing changed: no account, no new address, same password, name and role
    assert known.check_password(DEFAULT_PASSWORD)
    assert not AuditEvent.objects.filter(code="user.signed_up").exists()
    (message,) = mail.outbox
    assert message.to == [known.email]
    assert "an account using that email address already exists" in message.body
    assert "/accounts/password/reset/" in message.body


def test_a_new_address_gets_an_account_and_a_confirmation_link(api_client_for):
    signup(api_client_for(None), "brand-new@example.test")
    user = User.objects.get(email="brand-new@example.test")
    assert user.role == "company" and user.check_password(STRONG)
    assert EmailAddress.objects.filter(user=user, verified=False, primary=True).exists()
    (message,) = mail.outbox
    assert message.to == ["brand-new@example.test"] and "/accounts/confirm-email/" in message.body


def test_repeated_signups_for_a_known_address_email_its_owner_once_per_cooldown(api_client_for, personas):
    client = api_client_for(None)
    for _ in range(4):
        assert signup(client, personas.talent.email).status_code == 202
    assert len(mail.outbox) == 1  # no mail bomb through signup


def test_invalid_input_is_refused_the_same_way_for_known_addresses(api_client_for, personas):
    response = signup(api_client_for(None), personas.talent.email, password="short")
    assert response.status_code == 422 and response.json()["code"] == "validation_error"
    assert mail.outbox == []


def test_another_address_of_an_existing_account_counts_as_known(api_client_for, personas):
    EmailAddress.objects.create(user=personas.talent, email="alias@example.test", verified=True)
    users = User.objects.count()
    assert signup(api_client_for(None), "alias@example.test").status_code == 202
    assert User.objects.count() == users
    (message,) = mail.outbox
    assert message.to == ["alias@example.test"] and "already exists" in message.body
