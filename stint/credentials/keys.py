"""The issuer's Ed25519 keys and the documents that publish their public halves.

The signing key is ``STINT_CREDENTIAL_KEY`` (a PEM, usually given as ``STINT_CREDENTIAL_KEY_FILE``).
Without it, one key is generated on first use and kept in ``IssuerKey`` (development, demos, tests).
Every key ever used stays published in the JWKS and the DID document, so old credentials verify after
a rotation. The key id is ``<did>#<RFC 7638 thumbprint>``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlparse

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from joserfc.jwk import OKPKey

from stint.credentials.models import IssuerKey


@dataclass(frozen=True)
class SigningKey:
    kid: str
    key: OKPKey

    def public_jwk(self) -> dict[str, Any]:
        jwk = dict(self.key.as_dict(private=False))
        jwk.update({"kid": self.kid, "alg": "EdDSA", "use": "sig"})
        return jwk


def site_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def issuer_did() -> str:
    """``did:web`` of this instance: the host (a port is percent-encoded) and any path, per did:web."""
    parsed = urlparse(site_url())
    did = "did:web:" + quote(parsed.netloc, safe="")
    path = parsed.path.strip("/")
    if path:
        did += ":" + ":".join(quote(part, safe="") for part in path.split("/"))
    return did


def _from_pem(pem: str | bytes, *, where: str) -> OKPKey:
    try:
        private = serialization.load_pem_private_key(pem.encode() if isinstance(pem, str) else pem, password=None)
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"{where} is not a readable PEM private key: {exc}") from exc
    if not isinstance(private, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{where} must be an Ed25519 private key")
    return OKPKey.import_key(private)


def _signing_key(key: OKPKey) -> SigningKey:
    return SigningKey(kid=f"{issuer_did()}#{key.thumbprint()}", key=key)


@functools.cache
def configured_key() -> SigningKey | None:
    """The key from the settings, checked once; a malformed value fails loudly."""
    pem = str(settings.STINT_CREDENTIAL_KEY or "").strip()
    if not pem:
        return None
    return _signing_key(_from_pem(pem, where="STINT_CREDENTIAL_KEY"))


def generate_pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def _stored_keys() -> list[IssuerKey]:
    return list(IssuerKey.objects.order_by("created_at"))


def current_key() -> SigningKey:
    """The key that signs new credentials: the configured one, else the oldest active stored key,
    generated on first use (two processes racing both land on the same row)."""
    configured = configured_key()
    if configured is not None:
        return configured
    row = IssuerKey.objects.filter(active=True).order_by("created_at").first()
    if row is None:
        key = OKPKey.import_key(generate_pem())
        try:
            with transaction.atomic():
                IssuerKey.objects.create(kid=key.thumbprint(), private_pem=key.as_pem(private=True).decode())
        except IntegrityError:
            pass
        row = IssuerKey.objects.filter(active=True).order_by("created_at").first()
        assert row is not None
    return _signing_key(OKPKey.import_key(row.private_pem))


def published_keys() -> list[SigningKey]:
    """Every key whose credentials must still verify: the configured key and all stored keys."""
    keys = [_signing_key(OKPKey.import_key(row.private_pem)) for row in _stored_keys()]
    configured = configured_key()
    if configured is not None and configured.kid not in {k.kid for k in keys}:
        keys.insert(0, configured)
    if not keys:
        keys = [current_key()]
    return keys


def jwks() -> dict[str, Any]:
    return {"keys": [key.public_jwk() for key in published_keys()]}


def did_document() -> dict[str, Any]:
    did = issuer_did()
    methods = [
        {"id": key.kid, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": key.public_jwk()}
        for key in published_keys()
    ]
    ids = [m["id"] for m in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }
