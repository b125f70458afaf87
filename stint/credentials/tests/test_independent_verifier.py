"""A third party verifies the credential offline with an independent Open Badges 3.0 implementation
(``openbadgeslib``, PyJWT underneath), using only what this instance publishes: the JWKS, the DID
document and the signed status list. A tampered credential, one signed by another key and a revoked
one are rejected."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import urlparse

import pytest
from django.test import Client
from joserfc.jwk import OKPKey
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from stint.credentials import services
from stint.credentials.keys import SigningKey, generate_pem
from stint.credentials.models import Credential
from stint.credentials.vc import sign

pytestmark = pytest.mark.django_db


def published_public_pem() -> bytes:
    """The issuer's public key as a stranger gets it: from /.well-known/jwks.json."""
    jwks = Client().get("/.well-known/jwks.json").json()
    assert len(jwks["keys"]) == 1 and "d" not in jwks["keys"][0]
    return OKPKey.import_key(jwks["keys"][0]).as_pem(private=False)


def download(url: str) -> bytes:
    response = Client().get(urlparse(url).path)
    assert response.status_code == 200
    return response.content


def verifier() -> OB3Verifier:
    return OB3Verifier(pubkey_pem=published_public_pem())


def test_openbadgeslib_verifies_the_credential_and_its_status(approved):
    credential = Credential.objects.get(engagement=approved)
    result = verifier().verify(credential.jwt, check_status=True, verify_status_list=True, download=download)
    assert result.achievement.name == approved.project.title
    assert result.issuer.id.startswith("did:web:")
    assert list(result.achievement.alignments)


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["credentialSubject"]["result"][0]["value"] = "400 hours"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")
    return ".".join([header, forged, signature])


def test_a_tampered_credential_is_rejected(approved):
    token = _tamper(Credential.objects.get(engagement=approved).jwt)
    with pytest.raises(OB3VerificationError, match=r"(?i)signature"):
        verifier().verify(token)
    from stint.credentials.verify import verify_token

    assert verify_token(token).state == "invalid"


def test_a_credential_signed_by_another_key_is_rejected(approved):
    credential = Credential.objects.get(engagement=approved)
    other = SigningKey(kid=credential.kid, key=OKPKey.import_key(generate_pem()))
    token = sign(dict(credential.payload), other)
    with pytest.raises(OB3VerificationError, match=r"(?i)signature"):
        verifier().verify(token)
    from stint.credentials.verify import verify_token

    assert verify_token(token).state == "invalid"


def test_a_revoked_credential_is_rejected(approved):
    credential = Credential.objects.get(engagement=approved)
    services.credential_revoke(credential=credential, reason="Refunded after a dispute")
    with pytest.raises(OB3VerificationError, match=r"(?i)revocation"):
        verifier().verify(credential.jwt, check_status=True, verify_status_list=True, download=download)
    verifier().verify(credential.jwt)  # the signature itself is still authentic


def test_the_did_document_publishes_the_signing_key(approved):
    credential = Credential.objects.get(engagement=approved)
    doc: dict[str, Any] = Client().get("/.well-known/did.json").json()
    assert doc["id"] == credential.payload["issuer"]["id"]
    assert [m["id"] for m in doc["verificationMethod"]] == [credential.kid]
    assert "d" not in doc["verificationMethod"][0]["publicKeyJwk"]
