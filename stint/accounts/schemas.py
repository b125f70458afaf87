from __future__ import annotations

import uuid

from ninja import Schema
from pydantic import ConfigDict, Field


class SignupIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    name: str = Field(max_length=150)
    role: str = Field(description="talent, company or advisor")


class SignupOut(Schema):
    """The same body whether or not the address already had an account."""

    email: str
    email_verification: str = Field(
        description="`mandatory`: confirm the address with the emailed link before `POST /auth/token`; "
        "`optional` or `none`: a token can be requested at once"
    )
    detail: str


class EmailIn(Schema):
    email: str = Field(max_length=254)


class AcceptedOut(Schema):
    detail: str


class TokenIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    code: str = Field(
        "",
        max_length=64,
        description="The current code of the authenticator app, or an unused recovery code; required when "
        "the account has two-factor authentication on (otherwise ignored)",
    )
    name: str = Field("api", max_length=100, description="A label for this token")


class TokenOut(Schema):
    token: str
    token_id: uuid.UUID


class UserOut(Schema):
    id: uuid.UUID
    email: str
    name: str
    role: str
    is_staff: bool
    language: str = Field(description="`en`, `es` or `fr`; empty: the browser's `Accept-Language` decides")
    time_zone: str = Field(description="An IANA time zone such as `Europe/Berlin`; empty: UTC")
    currency: str = Field(description="ISO 4217 code used for approximate comparisons; empty: the default")


class UserPreferencesIn(Schema):
    """Only the fields sent change; an empty string clears a preference. Unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")

    language: str | None = Field(None, max_length=8, description="`en`, `es`, `fr`, or empty for the browser's")
    time_zone: str | None = Field(None, max_length=64, description="An IANA time zone (`Europe/Berlin`), or empty")
    currency: str | None = Field(None, max_length=3, description="A supported ISO 4217 code, or empty")
