"""The signing key: from the settings (PEM, usually from a ``_FILE``), checked loudly; otherwise
generated once into the database; every key published."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from stint.credentials import keys
from stint.credentials.models import IssuerKey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    keys.configured_key.cache_clear()
    yield
    keys.configured_key.cache_clear()


def test_without_configuration_one_key_is_generated_and_reused():
    first = keys.current_key()
    assert keys.current_key().kid == first.kid
    assert IssuerKey.objects.count() == 1
    assert first.kid.startswith(keys.issuer_did() + "#")
    assert [k["kid"] for k in keys.jwks()["keys"]] == [first.kid]


def test_a_configured_key_signs_and_stored_keys_stay_published(settings):
    old = keys.current_key()
    settings.STINT_CREDENTIAL_KEY = keys.generate_pem()
    keys.configured_key.cache_clear()
    new = keys.current_key()
    assert new.kid != old.kid
    assert {k["kid"] for k in keys.jwks()["keys"]} == {old.kid, new.kid}
    assert all("d" not in k for k in keys.jwks()["keys"])


@pytest.mark.parametrize("value", ["not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"])
def test_a_malformed_key_fails_loudly(settings, value):
    settings.STINT_CREDENTIAL_KEY = value
    with pytest.raises(ImproperlyConfigured, match="STINT_CREDENTIAL_KEY"):
        keys.configured_key()


def test_a_key_of_another_type_is_refused(settings):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    settings.STINT_CREDENTIAL_KEY = pem.decode()
    with pytest.raises(ImproperlyConfigured, match="Ed25519"):
        keys.configured_key()


def test_the_did_of_a_site_with_a_port_and_a_path(settings):
    settings.SITE_URL = "https://stint.example.org:8443/campus/"
    assert keys.issuer_did() == "did:web:stint.example.org%3A8443:campus"
