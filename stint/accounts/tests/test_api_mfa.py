"""POST /auth/token asks for the second factor when the account has one (issue 9)."""

from __future__ import annotations

import pytest

from stint.accounts.models import ApiToken
from stint.core.models import AuditEvent
from stint.core.testing.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def totp_now(secret: str = SECRET) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def wrong_code(secret: str = SECRET) -> str:
    """Six digits that are not valid in any counter of the tolerance window."""
    from allauth.mfa.totp.internal.auth import validate_totp_code

    for n in range(1_000_000):
        candidate = f"{n:06d}"
        if not validate_totp_code(secret, candidate):
            return candidate
    raise AssertionError("unreachable")


@pytest.fixture(autouse=True)
def _codes_stay_valid_across_a_period_boundary(settings):
    # A code computed just before a 30-second boundary must still pass just after it on a slow machine.
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def mfa_user(personas):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(personas.talent, SECRET)
    return personas.talent


def ask(client, user, **extra):
    return client.post("auth/token", {"email": user.email, "password": DEFAULT_PASSWORD, **extra})


def test_the_password_alone_gets_no_token_when_two_factor_is_on(api_client_for, mfa_user):
    response = ask(api_client_for(None), mfa_user)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "mfa_required"
    assert not ApiToken.objects.filter(user=mfa_user).exists()
    assert not AuditEvent.objects.filter(code="token.created").exists()


def test_a_wrong_code_gets_no_token(api_client_for, mfa_user):
    response = ask(api_client_for(None), mfa_user, code=wrong_code())
    assert response.status_code == 401 and response.json()["code"] == "mfa_invalid"
    assert not ApiToken.objects.filter(user=mfa_user).exists()


def test_the_current_code_gets_a_token_that_works_once(api_client_for, mfa_user):
    client = api_client_for(None)
    code = totp_now()
    response = ask(client, mfa_user, code=code)
    assert response.status_code == 200, response.content
    me = client.get("me", headers={"Authorization": f"Bearer {response.json()['token']}"})
    assert me.json()["email"] == mfa_user.email
    replay = ask(client, mfa_user, code=code)  # a code is good for one sign-in only
    assert replay.status_code == 401 and replay.json()["code"] == "mfa_invalid"
    assert ApiToken.objects.filter(user=mfa_user).count() == 1


def test_a_recovery_code_works_once(api_client_for, mfa_user):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes.activate(mfa_user).get_unused_codes()[0]
    client = api_client_for(None)
    assert ask(client, mfa_user, code=code).status_code == 200
    again = ask(client, mfa_user, code=code)
    assert again.status_code == 401 and again.json()["code"] == "mfa_invalid"
    assert ApiToken.objects.filter(user=mfa_user).count() == 1


def test_a_wrong_password_with_a_right_code_is_invalid_credentials(api_client_for, mfa_user):
    response = api_client_for(None).post(
        "auth/token", {"email": mfa_user.email, "password": "not-the-password", "code": totp_now()}
    )
    assert response.status_code == 401 and response.json()["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_wrong_codes_are_rate_limited_like_passwords(api_client_for, mfa_user):
    client = api_client_for(None)
    bad = wrong_code()
    for _ in range(5):
        assert ask(client, mfa_user, code=bad).json()["code"] == "mfa_invalid"
    blocked = ask(client, mfa_user, code=totp_now())
    assert blocked.status_code == 429 and blocked.json()["code"] == "rate_limited"
    assert not ApiToken.objects.exists()


def test_asking_without_a_code_does_not_use_up_attempts(api_client_for, mfa_user):
    client = api_client_for(None)
    for _ in range(8):  # a client that first tries without a code is not locked out
        assert ask(client, mfa_user).json()["code"] == "mfa_required"
    assert ask(client, mfa_user, code=totp_now()).status_code == 200


def test_accounts_without_two_factor_need_no_code(api_client_for, personas):
    response = ask(api_client_for(None), personas.talent)
    assert response.status_code == 200


def test_the_api_docs_describe_the_code_and_the_errors(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/auth/token"]["post"]
    assert "mfa_required" in operation["description"] and "mfa_invalid" in operation["description"]
    assert "email_unverified" in operation["description"]
    schema_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "code" in schemas[schema_ref]["properties"]
