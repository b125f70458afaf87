"""Open Badges 3.0 credentials as VC-JWTs (OB 3.0 §8.2: the JWT payload *is* the credential, with
``iss``/``sub``/``jti``/``nbf`` beside it), and the signed Bitstring Status List that revokes them.

Signed with joserfc, algorithm ``EdDSA`` over Ed25519: the name Open Badges 3.0 and its verifiers
use (RFC 9864 renames it ``Ed25519``; joserfc warns about the old name, which we silence here).
"""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import warnings
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from joserfc import jwt

from stint.credentials.keys import SigningKey, issuer_did, site_url
from stint.credentials.models import STATUS_LIST_SIZE

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ALGORITHM = "EdDSA"
STATUS_PURPOSE = "revocation"


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def sign(claims: dict[str, Any], key: SigningKey, *, typ: str = "vc+jwt") -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return jwt.encode({"alg": ALGORITHM, "kid": key.kid, "typ": typ}, claims, key.key, algorithms=[ALGORITHM])


def issuer_profile() -> dict[str, Any]:
    return {"id": issuer_did(), "type": ["Profile"], "name": "Stint", "url": site_url() + "/"}


def status_list_url() -> str:
    return site_url() + reverse("credentials:status_list")


def verify_url(credential_id: Any) -> str:
    return site_url() + reverse("credentials:credential", args=[credential_id])


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 ``IdentityObject`` hash: ``sha256$`` + hex SHA-256 of the lower-cased email and the salt."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def build_payload(
    *,
    credential_id: Any,
    issued_at: datetime.datetime,
    status_index: int,
    email: str,
    salt: str,
    talent_name: str,
    organization: dict[str, Any],
    project: dict[str, Any],
    alignments: list[dict[str, Any]],
    portfolio_url: str | None,
) -> dict[str, Any]:
    """The credential document. ``project`` has ``id``, ``title``, ``summary``, ``hours`` (logged)
    and ``estimated_hours``; ``alignments`` are the endorsed skills with their ESCO URIs."""
    cid = f"urn:uuid:{credential_id}"
    hours = project["hours"]
    achievement: dict[str, Any] = {
        "id": f"{site_url()}/projects/{project['id']}/#achievement",
        "type": ["Achievement"],
        "achievementType": "Assignment",
        "name": project["title"],
        "description": project["summary"],
        "criteria": {
            "narrative": (
                f'Completed the paid micro-internship "{project["title"]}" for {organization["name"]}: '
                f"the work was delivered and the organization approved it on Stint "
                f"({hours:g} hours logged of {project['estimated_hours']} estimated)."
            )
        },
        "creator": {"id": organization["url"], "type": ["Profile"], "name": organization["name"]},
        "alignment": alignments,
        "tag": [a["targetName"] for a in alignments],
    }
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "hashed": True,
                "identityHash": identity_hash(email, salt),
                "identityType": "emailAddress",
                "salt": salt,
            }
        ],
        "achievement": achievement,
        "result": [{"type": ["Result"], "value": f"{hours:g} hours"}],
    }
    if portfolio_url:
        subject["id"] = portfolio_url
    payload: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": cid,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{project['title']} — {organization['name']}",
        "description": f'{talent_name} completed "{project["title"]}" for {organization["name"]}.',
        "issuer": issuer_profile(),
        "validFrom": _iso(issued_at),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_list_url()}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(status_index),
            "statusListCredential": status_list_url(),
        },
    }
    claims = dict(payload)
    claims.update({"iss": payload["issuer"]["id"], "jti": cid, "nbf": int(issued_at.timestamp())})
    if portfolio_url:
        claims["sub"] = portfolio_url
    return claims


def encode_bitstring(indices: Iterable[int], size: int = STATUS_LIST_SIZE) -> str:
    """Bitstring Status List ``encodedList``: multibase base64url (``u``) of the GZIP-compressed
    bitstring, the first index being the most significant bit of the first byte."""
    bits = bytearray(size // 8)
    for index in indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def decode_bitstring(encoded: str) -> bytes:
    text = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def bit_is_set(bits: bytes, index: int) -> bool:
    return 0 <= index < len(bits) * 8 and bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_claims(revoked: Iterable[int], now: datetime.datetime) -> dict[str, Any]:
    url = status_list_url()
    claims: dict[str, Any] = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": _iso(now),
        "validUntil": _iso(now + datetime.timedelta(days=1)),
        "credentialSubject": {
            "id": url + "#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_bitstring(revoked),
        },
    }
    claims.update({"iss": issuer_did(), "jti": url, "nbf": int(now.timestamp())})
    return claims
