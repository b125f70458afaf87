from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from stint.accounts.models import ApiToken, User
from stint.core.models import AuditEvent
from stint.core.testing.factories import DEFAULT_PASSWORD
from stint.core.views import error_403, error_500

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-fresh-passphrase-for-2026"


def login(client, email, password=DEFAULT_PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def logged_in_user(client):
    return client.get("/api/v1/me").json().get("email")


def first_link(text):
    match = re.search(r"https?://[^\s]+", text)
    assert match, text
    return match.group(0).replace("http://testserver", "").replace("https://testserver", "")


# --- login, logout, rate limit ----------------------------------------------------------------


def test_login_and_logout(client, personas):
    response = login(client, personas.talent.email)
    assert response.status_code == 302
    assert logged_in_user(client) == personas.talent.email
    client.post("/accounts/logout/")
    assert client.get("/api/v1/me").status_code == 401


def test_wrong_password_is_refused(client, personas):
    response = login(client, personas.talent.email, "not-the-password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get("/api/v1/me").status_code == 401


def test_login_is_rate_limited_after_five_failures(client, personas):
    for _ in range(5):
        assert login(client, personas.talent.email, "wrong-password-xx").status_code == 200
    response = login(client, personas.talent.email)  # even the right password is refused now
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/api/v1/me").status_code == 401


# --- password reset -----------------------------------------------------------------------------


def test_password_reset_by_email(client, personas):
    user = personas.talent
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
    link = first_link(mail.outbox[0].body)
    assert "/accounts/password/reset/key/" in link

    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key into the session
    set_password_url = response["Location"]
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.post("/accounts/logout/")
    assert login(client, user.email, DEFAULT_PASSWORD).status_code == 200  # old one refused
    assert login(client, user.email, NEW_PASSWORD).status_code == 302
    assert logged_in_user(client) == user.email


def test_password_reset_for_unknown_address_sends_nothing_to_it(client):
    client.post("/accounts/password/reset/", {"email": "nobody@example.test"})
    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)


# --- email verification in production mode ------------------------------------------------------


@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_signup_requires_email_verification_in_production_mode(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Vera Verified",
            "email": "vera@example.test",
            "role": "company",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-email/")
    user = User.objects.get(email="vera@example.test")
    assert user.role == "company" and user.name == "Vera Verified"
    assert AuditEvent.objects.filter(code="user.signed_up", target_id=str(user.pk)).exists()
    assert client.get("/api/v1/me").status_code == 401  # not signed in yet
    assert len(mail.outbox) == 1
    link = first_link(mail.outbox[0].body)

    refused = login(client, "vera@example.test", NEW_PASSWORD)
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/confirm-email/")
    assert client.get("/api/v1/me").status_code == 401

    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="vera@example.test").verified

    response = login(client, "vera@example.test", NEW_PASSWORD)
    assert response.status_code == 302
    assert logged_in_user(client) == "vera@example.test"


# --- TOTP two-factor -------------------------------------------------------------------------------


def current_totp(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_totp_two_factor_activation_then_login_asks_for_the_code(client, personas):
    from allauth.mfa.models import Authenticator

    user = personas.talent
    assert login(client, user.email).status_code == 302
    # Turning on 2FA is a sensitive change: allauth asks for the password again first.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    assert client.post(response["Location"], {"password": DEFAULT_PASSWORD}).status_code == 302
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=user).exists()
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_totp(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert "On (authenticator app)" in client.get("/me/").content.decode()

    client.post("/accounts/logout/")
    cache.clear()  # allauth remembers used codes for the current window; use it again below
    response = login(client, user.email)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/api/v1/me").status_code == 401  # the password alone is not enough
    assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert client.get("/api/v1/me").status_code == 401
    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp(secret)})
    assert response.status_code == 302
    assert logged_in_user(client) == user.email


# --- role-based navigation and error pages ------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        ("talent", ["My applications", "Account", "Log out"], ["My organizations", ">Admin<", "Log in"]),
        ("company_owner", ["My organizations"], ["My applications", ">Admin<"]),
        ("advisor", ["Projects"], ["My applications", "My organizations", ">Admin<"]),
        ("staff", [">Admin<"], ["My applications", "Log in"]),
        (None, ["Log in", "Sign up"], ["Log out", "My applications", ">Admin<", "Notifications"]),
    ],
)
def test_navigation_depends_on_the_role(client, personas, persona, present, absent):
    if persona:
        client.force_login(getattr(personas, persona))
    nav = client.get("/").content.decode()
    nav = nav[nav.index('<nav aria-label="Main">') : nav.index("</nav>")]
    for text in present:
        assert text in nav, text
    for text in absent:
        assert text not in nav, text


def test_404_page_uses_the_site_layout(client, personas):
    client.force_login(personas.talent)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'aria-label="Main"' in html and "My applications" in html and "site-footer" in html


def test_403_and_500_pages_render_with_the_site_layout(rf, personas):
    request = rf.get("/somewhere/")
    request.user = personas.talent
    forbidden = error_403(request)
    assert forbidden.status_code == 403
    assert "You can't open this page" in forbidden.content.decode()
    assert 'aria-label="Main"' in forbidden.content.decode()
    broken = error_500(rf.get("/somewhere/"))
    assert broken.status_code == 500
    html = broken.content.decode()
    assert "Something went wrong" in html and 'aria-label="Main"' in html and "site-footer" in html
    api_broken = error_500(rf.get("/api/v1/x"))
    assert api_broken["Content-Type"] == "application/problem+json"


# --- account page and API tokens ------------------------------------------------------------------


def test_account_page_shows_who_i_am_and_where_to_manage_security(client, personas):
    client.force_login(personas.company_owner)
    html = client.get("/me/").content.decode()
    assert personas.company_owner.email in html and "Company member" in html
    for href in ("/accounts/password/change/", "/accounts/2fa/", "/me/tokens/", "/notifications/preferences/"):
        assert f'href="{href}"' in html, href


@pytest.mark.parametrize("url", ["/me/", "/me/tokens/"])
def test_account_pages_send_anonymous_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_create_a_token_shows_the_secret_once_and_it_works(client, personas):
    client.force_login(personas.talent)
    response = client.post("/me/tokens/", {"name": "laptop script"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    found = re.search(r'id="new-token-secret">(stint_[^<]+)<', html)
    assert found, "no new token secret on the page"
    secret = found.group(1)
    token = ApiToken.objects.get(user=personas.talent, name="laptop script")
    assert token.key_hash != secret
    assert secret not in client.get("/me/tokens/").content.decode()  # shown once
    api = client.__class__()
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200 and me.json()["email"] == personas.talent.email


def test_token_name_is_required(client, personas):
    client.force_login(personas.talent)
    response = client.post("/me/tokens/", {"name": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoke_a_token_from_the_page(client, personas):
    from stint.accounts.services import token_issue

    token, secret = token_issue(user=personas.talent, name="old")
    client.force_login(personas.talent)
    response = client.post(f"/me/tokens/{token.pk}/revoke/", follow=True)
    assert "is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.__class__().get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_someone_elses_token_is_404(client, personas):
    from stint.accounts.services import token_issue

    token, _ = token_issue(user=personas.other_talent, name="theirs")
    client.force_login(personas.talent)
    assert client.post(f"/me/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "theirs" not in client.get("/me/tokens/").content.decode()


def test_signup_role_choice_is_a_fieldset_with_a_legend(client):
    html = client.get("/accounts/signup/").content.decode()
    fieldset = html[html.index("<fieldset") : html.index("</fieldset>")]
    assert "<legend>I am joining as:</legend>" in fieldset
    assert fieldset.count('type="radio"') == 3
