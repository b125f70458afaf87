"""Verify a credential the way a third party does: the signature against the published JWKS (not a
database lookup), the Open Badges structure, the issuer, and the revocation bit of the signed status
list. The database is used only to fetch what this instance publishes anyway."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from stint.credentials import keys, vc

MAX_TOKEN_CHARS = 60_000


@dataclass
class Verification:
    state: str  # "verified", "revoked" or "invalid"
    reason: str = ""
    claims: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.state == "verified"

    def summary(self) -> dict[str, Any]:
        subject = self.claims.get("credentialSubject") or {}
        achievement = subject.get("achievement") or {} if isinstance(subject, dict) else {}
        issuer = self.claims.get("issuer") or {}
        return {
            "state": self.state,
            "reason": self.reason,
            "id": self.claims.get("id", ""),
            "name": self.claims.get("name", ""),
            "issuer": issuer.get("name", "") if isinstance(issuer, dict) else str(issuer),
            "issuer_id": issuer.get("id", "") if isinstance(issuer, dict) else str(issuer),
            "organization": (achievement.get("creator") or {}).get("name", ""),
            "achievement": achievement.get("name", ""),
            "valid_from": self.claims.get("validFrom", ""),
            "skills": [a.get("targetName", "") for a in achievement.get("alignment", []) if isinstance(a, dict)],
        }


def extract_token(text: str) -> str:
    """A compact JWT, or a JSON document carrying it under ``jwt`` (what the API returns)."""
    text = (text or "").strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        return str(data.get("jwt", "")) if isinstance(data, dict) else ""
    return text


def _decode(token: str, key_set: KeySet) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dict(jwt.decode(token, key_set, algorithms=[vc.ALGORITHM]).claims)


def _revoked(claims: dict[str, Any], key_set: KeySet, status_list: str) -> bool | None:
    entry = claims.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("statusListCredential") != vc.status_list_url():
        return None
    try:
        index = int(entry.get("statusListIndex", ""))
        listing = _decode(status_list, key_set)
        bits = vc.decode_bitstring(listing["credentialSubject"]["encodedList"])
    except (ValueError, KeyError, TypeError, JoseError, OSError):
        return None
    return vc.bit_is_set(bits, index)


def verify_token(text: str, *, jwks: dict[str, Any] | None = None, status_list: str | None = None) -> Verification:
    """Verify a pasted credential. ``jwks``/``status_list`` default to what this instance publishes
    at ``/.well-known/jwks.json`` and ``/credentials/status-list``."""
    from stint.credentials.selectors import status_list_jwt

    token = extract_token(text)
    if not token or len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
        return Verification("invalid", gettext("This is not a compact JWT credential."))
    try:
        key_set = KeySet.import_key_set(jwks if jwks is not None else keys.jwks())  # type: ignore[arg-type]
        claims = _decode(token, key_set)
    except (JoseError, ValueError, TypeError) as exc:
        return Verification(
            "invalid",
            gettext("The signature does not verify with the issuer's published keys (%(error)s).") % {"error": exc},
        )
    types = claims.get("type") or []
    if "VerifiableCredential" not in types or "OpenBadgeCredential" not in types:
        return Verification("invalid", gettext("Not an Open Badges 3.0 credential."), claims)
    issuer = claims.get("issuer") or {}
    if not isinstance(issuer, dict) or issuer.get("id") != keys.issuer_did() or claims.get("iss") != keys.issuer_did():
        return Verification("invalid", gettext("The credential names another issuer."), claims)
    if claims.get("jti") != claims.get("id"):
        return Verification("invalid", gettext("The credential id and the token id differ."), claims)
    revoked = _revoked(claims, key_set, status_list if status_list is not None else status_list_jwt())
    if revoked is None:
        return Verification("invalid", gettext("The revocation status cannot be determined."), claims)
    if revoked:
        return Verification("revoked", gettext("The issuer revoked this credential."), claims)
    return Verification("verified", gettext("Authentic, unchanged and not revoked."), claims)
