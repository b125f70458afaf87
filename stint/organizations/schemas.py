from __future__ import annotations

import datetime
import uuid

from ninja import Schema
from pydantic import Field


class OrganizationIn(Schema):
    name: str = Field(max_length=150)
    website: str = Field("", max_length=200)
    industry: str = Field("", max_length=100)
    size: str = Field("", max_length=16, description="1, 2-10, 11-50, 51-250, 251-1000 or 1000+")
    description: str = Field("", max_length=5000)


class OrganizationPatch(Schema):
    name: str | None = Field(None, max_length=150)
    website: str | None = Field(None, max_length=200)
    industry: str | None = Field(None, max_length=100)
    size: str | None = Field(None, max_length=16)
    description: str | None = Field(None, max_length=5000)


class ReliabilityOut(Schema):
    response_rate: float | None = Field(description="0–1; share of applications answered by the response deadline")
    median_response_hours: float | None = Field(description="median hours from an application to the first answer")
    completion_rate: float | None = Field(description="0–1; approved or paid engagements of those that ended")
    median_days_to_pay: float | None = Field(description="median days from the last submission to the payment")
    hires_from_stint: int | None = Field(
        description="different talent hired through Stint; null before any application"
    )
    responses_counted: int
    has_data: bool


class OrganizationOut(Schema):
    id: uuid.UUID
    name: str
    slug: str
    website: str
    industry: str
    size: str
    description: str
    logo_url: str | None
    verified: bool
    verified_at: datetime.datetime | None
    public_url: str
    created_at: datetime.datetime
    reliability: ReliabilityOut


class MyOrganizationOut(Schema):
    id: uuid.UUID
    name: str
    slug: str
    verified: bool
    role: str


class MemberOut(Schema):
    user_id: uuid.UUID
    name: str
    email: str
    role: str
    joined_at: datetime.datetime


class OrganizationInvitationIn(Schema):
    email: str = Field(max_length=254)
    role: str = Field("member", max_length=16, description="admin or member")


class OrganizationInvitationOut(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    email: str
    role: str
    invited_by: str | None
    expires_at: datetime.datetime
    accepted_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    status: str


class InvitationAcceptIn(Schema):
    token: str = Field(max_length=100)


class RoleIn(Schema):
    role: str = Field(max_length=16, description="owner, admin or member")


# The names the endpoints import (component names must be unique across the API: docs/api.md).
InvitationIn = OrganizationInvitationIn
InvitationOut = OrganizationInvitationOut
