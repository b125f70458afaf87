"""A password change, set or reset revokes every API token and ends the other sessions (issue 9)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from stint.accounts.models import ApiToken
from stint.accounts.services import token_issue
from stint.core.models import AuditEvent
from stint.core.testing.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-passphrase-for-2026"
NOTICE = "signed you out everywhere"


def tokens_work(secrets: list[str]) -> list[bool]:
    api = Client()
    return [api.get("/api/v1/me", headers={"Authorization": f"Bearer {s}"}).status_code == 200 for s in secrets]


def signed_in(client: Client) -> bool:
    return client.get("/api/v1/me").status_code == 200


@pytest.fixture
def user_with_tokens(personas):
    user = personas.talent
    secrets = [token_issue(user=user, name=n)[1] for n in ("laptop", "ci")]
    other_user_secret = token_issue(user=personas.other_talent, name="theirs")[1]
    assert tokens_work([*secrets, other_user_secret]) == [True, True, True]
    return user, secrets, other_user_secret


def test_changing_the_password_revokes_tokens_and_other_sessions(client, user_with_tokens, settings):
    user, secrets, others = user_with_tokens
    phone = Client()
    assert phone.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}).status_code == 302
    assert client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}).status_code == 302
    mail.outbox.clear()

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:1500]

    assert tokens_work([*secrets, others]) == [False, False, True]  # only this user's tokens
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 0
    assert signed_in(client)  # the session that made the change stays
    assert not signed_in(phone)  # every other one is signed out
    event = AuditEvent.objects.get(code="user.password_changed", target_id=str(user.pk))
    assert event.data == {"via": "web", "tokens_revoked": 2}
    (message,) = mail.outbox
    assert message.to == [user.email]
    assert NOTICE in message.body and "revoked all your API tokens" in message.body
    assert f"{settings.SITE_URL}/me/tokens/" in message.body


def test_a_refused_change_revokes_nothing(client, user_with_tokens):
    user, secrets, _ = user_with_tokens
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-the-old-one", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert tokens_work(secrets) == [True, True]
    assert not AuditEvent.objects.filter(code="user.password_changed").exists()
    assert mail.outbox == []


def test_resetting_the_password_revokes_tokens_and_every_session(client, user_with_tokens):
    user, secrets, others = user_with_tokens
    phone = Client()
    phone.force_login(user)
    assert signed_in(phone)
    client.post("/accounts/password/reset/", {"email": user.email})
    found = re.search(r"https?://testserver(/accounts/password/reset/key/[^\s]+)", str(mail.outbox[0].body))
    assert found, "no reset link in the e-mail"
    link = found.group(1)
    set_password_url = client.get(link)["Location"]
    mail.outbox.clear()
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    assert tokens_work([*secrets, others]) == [False, False, True]
    assert not signed_in(phone)
    (message,) = mail.outbox
    assert "Your password has been reset." in message.body
    assert "signed you out everywhere" in message.body and "revoked all your API tokens" in message.body


def test_setting_a_first_password_revokes_tokens(client, personas):
    user = personas.talent
    user.set_unusable_password()
    user.save()
    secret = token_issue(user=user, name="script")[1]
    client.force_login(user)
    response = client.post("/accounts/password/set/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:1500]
    assert tokens_work([secret]) == [False]
    assert "revoked all your API tokens" in mail.outbox[-1].body


def test_staff_setting_a_password_in_the_admin_revokes_the_users_tokens(client, user_with_tokens, personas):
    user, secrets, _ = user_with_tokens
    client.force_login(personas.staff)
    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "set_usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert tokens_work(secrets) == [False, False]
    event = AuditEvent.objects.get(code="user.password_changed", target_id=str(user.pk))
    assert event.data == {"via": "admin", "tokens_revoked": 2}
