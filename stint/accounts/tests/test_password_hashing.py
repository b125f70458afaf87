"""Passwords are hashed with Argon2id (OWASP parameters); older PBKDF2 hashes upgrade on login (issue 16)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher
from django.test import Client

from stint.accounts.hashers import Argon2idPasswordHasher
from stint.core.testing.factories import TalentFactory

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "a-long-enough-passphrase-42"
ARGON2ID_PREFIX = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


def test_production_settings_hash_new_passwords_with_argon2id_and_the_owasp_parameters(tmp_path):
    """Outside the test suite (which uses a fast hasher), as ``manage.py`` and gunicorn load them."""
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "from django.contrib.auth.hashers import make_password, get_hasher;"
        "print(settings.PASSWORD_HASHERS[0]); print(get_hasher().algorithm); print(make_password('x'))"
    )
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "STINT_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 60,
    }
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    first, algorithm, encoded = result.stdout.split()
    assert first == "stint.accounts.hashers.Argon2idPasswordHasher"
    assert algorithm == "argon2"
    assert encoded.startswith(ARGON2ID_PREFIX)


def test_the_hasher_uses_argon2id_with_19_mib_2_passes_and_1_lane():
    import argon2

    params = Argon2idPasswordHasher().params()
    assert params.type == argon2.low_level.Type.ID
    assert (params.memory_cost, params.time_cost, params.parallelism) == (19 * 1024, 2, 1)


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = settings.STINT_PASSWORD_HASHERS
    assert settings.PASSWORD_HASHERS[0] == "stint.accounts.hashers.Argon2idPasswordHasher"


def _pbkdf2_user():
    user = TalentFactory()
    # A stored PBKDF2 hash as Django made them before (fewer iterations, to keep the test fast:
    # the stored hash carries its own iteration count).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "somesaltvalue1234567", iterations=1000)
    user.save(update_fields=["password"])
    assert identify_hasher(user.password).algorithm == "pbkdf2_sha256"
    return user


@pytest.mark.django_db
def test_a_pbkdf2_hash_is_upgraded_to_argon2id_at_web_login(production_hashers):
    user = _pbkdf2_user()
    response = Client().post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID_PREFIX)
    assert Client().post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_a_pbkdf2_hash_is_upgraded_to_argon2id_when_requesting_a_token(production_hashers):
    user = _pbkdf2_user()
    response = Client().post(
        "/api/v1/auth/token", {"email": user.email, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password.startswith(ARGON2ID_PREFIX)


@pytest.mark.django_db
def test_a_wrong_password_leaves_the_old_hash_alone(production_hashers):
    user = _pbkdf2_user()
    before = user.password
    Client().post("/accounts/login/", {"login": user.email, "password": "not-the-password"})
    user.refresh_from_db()
    assert user.password == before
