from __future__ import annotations

import datetime
import uuid
from typing import Any

from ninja import Field, Schema


class CredentialOut(Schema):
    id: uuid.UUID
    status: str
    issued_at: datetime.datetime
    revoked_at: datetime.datetime | None
    verify_url: str
    credential: dict[str, Any] = Field(description="The Open Badges 3.0 credential (the VC-JWT payload)")
    jwt: str = Field(description="The credential signed as a compact VC-JWT (EdDSA, Ed25519); its proof")


class CredentialStatusOut(Schema):
    id: uuid.UUID
    status: str = Field(description="`active` or `revoked`")
    revoked_at: datetime.datetime | None
    status_list_credential: str
    status_list_index: int


class VerifyIn(Schema):
    credential: str = Field(max_length=60_000, description="A compact VC-JWT, or the JSON of `GET /credentials/{id}`")


class VerifyOut(Schema):
    state: str = Field(description="`verified`, `revoked` or `invalid`")
    reason: str
    id: str
    name: str
    issuer: str
    issuer_id: str
    organization: str
    achievement: str
    valid_from: str
    skills: list[str]


class RevokeIn(Schema):
    reason: str = Field(max_length=300)


class EndorsementIn(Schema):
    skill_id: uuid.UUID
    level: int = Field(ge=1, le=5)


class EndorsementsIn(Schema):
    skills: list[EndorsementIn] = Field(max_length=12)
    confidential: bool = True
    public_summary: str = Field("", max_length=2000)


class EndorsementOut(Schema):
    skill_id: uuid.UUID
    label: str
    esco_uri: str
    level: int
    transferable: bool


class EndorsementsOut(Schema):
    skills: list[EndorsementOut]
    confidential: bool
    public_summary: str
    endorsable: list[dict[str, Any]]


class PortfolioIn(Schema):
    slug: str | None = Field(None, max_length=60)
    published: bool = False
    show_headline: bool = True
    show_projects: bool = True
    show_reviews: bool = False
    show_skills: bool = True
    show_credentials: bool = True
    hidden_engagements: list[uuid.UUID] = Field(default_factory=list, max_length=500)


class PortfolioOut(PortfolioIn):
    url: str | None
