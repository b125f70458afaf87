from __future__ import annotations

import pytest

from stint.accounts.models import ApiToken, User

pytestmark = pytest.mark.django_db

STRONG = "a-long-enough-passphrase-42"


def signup(client, **overrides):
    data = {"email": "new@example.test", "password": STRONG, "name": "New Person", "role": "talent"}
    data.update(overrides)
    return client.post("auth/signup", data)


def test_signup_creates_user_with_role(api_client_for):
    response = signup(api_client_for(None), role="company")
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["email"] == "new@example.test"
    assert body["email_verification"] == "optional"  # the test settings' (debug) default
    user = User.objects.get(email="new@example.test")
    assert user.role == "company" and user.name == "New Person"
    assert user.check_password(STRONG)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"role": "staff"}, "role"),
        ({"password": "short"}, "password"),
        ({"name": ""}, "name"),
    ],
)
def test_signup_rejects_bad_input_with_problem_json(api_client_for, overrides, field):
    response = signup(api_client_for(None), **overrides)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "validation_error"
    assert {"type", "title", "status", "detail", "code"} <= body.keys()
    assert field in {e["field"] for e in body["errors"]}
    assert not User.objects.filter(email=overrides.get("email", "new@example.test")).exists()


def test_token_create_use_and_revoke(api_client_for, personas):
    client = api_client_for(None)
    response = client.post("auth/token", {"email": personas.talent.email, "password": "correct-horse-battery-staple"})
    assert response.status_code == 200
    secret = response.json()["token"]
    assert secret.startswith("stint_")
    token = ApiToken.objects.get(user=personas.talent)
    assert token.key_hash != secret and secret not in token.key_hash  # stored hashed

    auth = {"Authorization": f"Bearer {secret}"}
    me = client.get("me", headers=auth)
    assert me.status_code == 200
    assert me.json()["email"] == personas.talent.email
    assert me.json()["role"] == "talent"

    assert client.delete("auth/token", headers=auth).status_code == 204
    again = client.get("me", headers=auth)
    assert again.status_code == 401
    assert again.json()["code"] == "not_authenticated"


def test_wrong_password_is_401_and_failed_logins_are_throttled(api_client_for, personas):
    client = api_client_for(None)
    for _ in range(5):
        response = client.post("auth/token", {"email": personas.talent.email, "password": "wrong-password"})
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_credentials"
    blocked = client.post("auth/token", {"email": personas.talent.email, "password": "correct-horse-battery-staple"})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "rate_limited"


def test_me_requires_authentication(api_client_for):
    response = api_client_for(None).get("me")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_bogus_bearer_token_is_refused(api_client_for):
    response = api_client_for(None).get("me", headers={"Authorization": "Bearer stint_nope"})
    assert response.status_code == 401


def test_openapi_lists_account_operations(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/auth/signup", "/api/v1/auth/token", "/api/v1/me"} <= set(spec["paths"])
    assert client.get("/api/v1/docs").status_code == 200
