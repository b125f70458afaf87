"""The admin signs in through allauth, and staff need two-factor authentication before any page (issue 9)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from stint.accounts.models import ApiToken, User
from stint.core.testing.factories import DEFAULT_PASSWORD, STAFF_TOTP_SECRET, StaffFactory
from stint.organizations.models import Organization
from stint.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/admin/",
    "/admin/accounts/user/",
    "/projects/staff/moderation/",
    "/organizations/staff/verification/",
    "/engagements/staff/disputes/",
]


@pytest.fixture
def staff_without_mfa(db):
    return StaffFactory(email="new-staff@example.test", totp=False)


def totp_now(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture(autouse=True)
def _codes_stay_valid_across_a_period_boundary(settings):
    settings.MFA_TOTP_TOLERANCE = 1


# --- /admin/login/ ----------------------------------------------------------------------------------


def test_admin_login_sends_to_the_allauth_login_with_next(client):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    # The admin's own redirect for anonymous visitors ends up there too.
    first = client.get("/admin/")
    assert first.status_code == 302 and first["Location"].startswith("/admin/login/")
    assert client.get(first["Location"])["Location"].startswith("/accounts/login/?next=%2Fadmin%2F")


def test_admin_login_checks_no_password(client, personas, django_assert_num_queries):
    staff = personas.staff
    answers = set()
    for password in [f"wrong-guess-{i}" for i in range(15)] + [DEFAULT_PASSWORD]:
        with django_assert_num_queries(0):  # no user is even looked up
            response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": password})
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, "/accounts/login/?next=%2Fadmin%2F")}  # the right password changes nothing
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_admin_login_refuses_an_outside_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_a_signed_in_non_staff_account_gets_403_not_a_redirect_loop(client, personas):
    client.force_login(personas.talent)
    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_admin_password_change_goes_to_allauth(client, personas):
    client.force_login(personas.staff)
    response = client.get("/admin/password_change/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/change/"


# --- staff need two-factor authentication ------------------------------------------------------------


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_without_two_factor_cannot_open_staff_pages(client, staff_without_mfa, url):
    client.force_login(staff_without_mfa)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/me/two-factor-required/"
    page = client.get("/me/two-factor-required/")
    assert page.status_code == 403
    html = page.content.decode()
    assert "Set up two-factor authentication" in html and 'href="/accounts/2fa/totp/activate/"' in html


def test_staff_without_two_factor_cannot_act_either(client, staff_without_mfa):
    org = OrganizationFactory()
    client.force_login(staff_without_mfa)
    response = client.post(f"/organizations/staff/verification/{org.pk}/verify/")
    assert response.status_code == 302 and response["Location"] == "/me/two-factor-required/"
    org.refresh_from_db()
    assert org.verified_at is None


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_with_two_factor_open_staff_pages(client, personas, url):
    client.force_login(personas.staff)
    assert client.get(url).status_code == 200
    assert client.get("/me/two-factor-required/").status_code == 302  # nothing to do there


def test_staff_without_two_factor_can_still_set_it_up_and_sign_out(client, staff_without_mfa):
    client.force_login(staff_without_mfa)
    assert client.get("/accounts/2fa/").status_code == 200
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate.status_code == 302 and activate["Location"].startswith("/accounts/reauthenticate/")
    assert client.post("/accounts/logout/").status_code == 302


def test_a_staff_browser_session_without_two_factor_is_refused_by_the_api(client, staff_without_mfa):
    org = OrganizationFactory()
    client.force_login(staff_without_mfa)
    response = client.post(f"/api/v1/organizations/{org.pk}/verify")
    assert response.status_code == 403
    assert response.json()["code"] == "staff_mfa_required"
    # A bogus bearer token does not fall back to the session.
    bogus = client.post(f"/api/v1/organizations/{org.pk}/verify", headers={"Authorization": "Bearer stint_nope"})
    assert bogus.status_code == 401
    org.refresh_from_db()
    assert org.verified_at is None


def test_signing_in_then_setting_up_totp_opens_the_admin(client, staff_without_mfa):
    from allauth.mfa.models import Authenticator

    response = client.post("/accounts/login/", {"login": staff_without_mfa.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/")["Location"] == "/me/two-factor-required/"
    reauth = client.get("/accounts/2fa/totp/activate/")["Location"]
    assert client.post(reauth, {"password": DEFAULT_PASSWORD}).status_code == 302
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    assert client.post("/accounts/2fa/totp/activate/", {"code": totp_now(secret)}).status_code == 302
    assert Authenticator.objects.filter(user=staff_without_mfa, type="totp").exists()
    assert client.get("/admin/").status_code == 200


# --- createsuperuser + API tokens keep working (API.md) ----------------------------------------------


def test_createsuperuser_then_a_token_works_for_staff_actions(monkeypatch, settings, api_client_for):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"  # production mode
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "root@example.test")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-root-passphrase-2026")
    call_command("createsuperuser", "--noinput", verbosity=0)
    assert User.objects.get(email="root@example.test").is_staff
    org = OrganizationFactory()
    client = api_client_for(None)
    response = client.post("auth/token", {"email": "root@example.test", "password": "a-long-root-passphrase-2026"})
    assert response.status_code == 200, response.content
    verified = client.post(
        f"organizations/{org.pk}/verify", headers={"Authorization": f"Bearer {response.json()['token']}"}
    )
    assert verified.status_code == 200, verified.content
    assert Organization.objects.get(pk=org.pk).verified_at is not None
    assert ApiToken.objects.filter(user__email="root@example.test").count() == 1


def test_staff_with_two_factor_need_the_code_for_a_token(personas):
    client = Client()
    payload = {"email": personas.staff.email, "password": DEFAULT_PASSWORD}
    response = client.post("/api/v1/auth/token", payload, content_type="application/json")
    assert response.json()["code"] == "mfa_required"
    payload["code"] = totp_now(STAFF_TOTP_SECRET)
    assert client.post("/api/v1/auth/token", payload, content_type="application/json").status_code == 200
