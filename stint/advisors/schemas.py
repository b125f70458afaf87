from __future__ import annotations

import datetime
import uuid

from ninja import Schema
from pydantic import Field


class InstitutionIn(Schema):
    name: str = Field(max_length=150)
    kind: str = Field("university", max_length=16, description="university, college, bootcamp or other")
    website: str = Field("", max_length=200)
    title: str = Field("advisor", max_length=16, description="Your title there: advisor or professor")


class InstitutionOut(Schema):
    id: uuid.UUID
    name: str
    slug: str
    kind: str
    website: str
    verified: bool


class StaffIn(Schema):
    email: str = Field(max_length=254)
    title: str = Field("advisor", max_length=16)


class StaffOut(Schema):
    institution_id: uuid.UUID
    user_id: uuid.UUID
    name: str
    title: str


class CohortIn(Schema):
    name: str = Field(max_length=150)
    description: str = Field("", max_length=2000)


class CohortOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    institution: InstitutionOut
    advisor: str
    invite_code: str | None = Field(description="Only for the cohort's advisor")
    invite_url: str | None = Field(description="Only for the cohort's advisor")
    members: int | None = Field(description="Only for the cohort's advisor")


class JoinIn(Schema):
    code: str = Field(max_length=32)


class MembershipOut(Schema):
    cohort: CohortOut
    share_earnings: bool
    share_resume: bool
    joined_at: datetime.datetime


class ConsentIn(Schema):
    share_earnings: bool | None = None
    share_resume: bool | None = None


class StudentOut(Schema):
    talent_id: uuid.UUID
    name: str
    active: bool
    applications: int
    offers: int
    completions: int
    hours: float
    earnings: dict[str, int] | None = Field(
        description="Currency → minor units; null when the student does not share it"
    )
    skills: list[str]
    organizations: list[str]
    needs_help: list[str]
    profile_id: uuid.UUID | None = Field(description="Set when the student shares their résumé")


class DashboardOut(Schema):
    cohort_id: uuid.UUID
    students: int
    active: int
    applications: int
    offers: int
    completions: int
    hours: float
    earnings: dict[str, int]
    earnings_shared_by: int
    skills: list[str]
    organizations: list[str]
    needs_help: int
    rows: list[StudentOut]


class ShareIn(Schema):
    project_id: uuid.UUID | None = Field(None, description="A project you can see")
    project_secret: str | None = Field(None, max_length=64, description="Or the token of its secret link")
    cohort_id: uuid.UUID | None = None
    institution_id: uuid.UUID | None = None
    talent_id: uuid.UUID | None = None
    note: str = Field("", max_length=500)


class ShareOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID
    cohort_id: uuid.UUID | None
    institution_id: uuid.UUID | None
    talent_id: uuid.UUID | None
    note: str
    created_at: datetime.datetime


class SharedProjectOut(Schema):
    id: uuid.UUID
    title: str
    summary: str
    organization: str
    visibility: str
    application_deadline: datetime.datetime
    url: str


class NominationIn(Schema):
    talent_id: uuid.UUID
    project_id: uuid.UUID
    note: str = Field(max_length=1000)


class NominationOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID
    project_title: str
    talent_id: uuid.UUID
    talent_name: str
    advisor: str
    institution: str
    institution_verified: bool
    note: str
    status: str
    created_at: datetime.datetime


class RefereeOut(Schema):
    user_id: uuid.UUID
    name: str
    relation: str
    context: str


class ReferralIn(Schema):
    referee_id: uuid.UUID
    message: str = Field("", max_length=1000)


class ReferralAnswerIn(Schema):
    text: str = Field("", max_length=2000)
    decline: bool = False
    allow_portfolio: bool = Field(False, description="The talent may show it on their portfolio")


class ReferralPortfolioIn(Schema):
    show: bool


class ReferralOut(Schema):
    id: uuid.UUID
    talent_id: uuid.UUID
    talent_name: str
    referee_id: uuid.UUID
    referee_name: str
    relation: str
    context: str
    message: str
    status: str
    text: str
    answered_at: datetime.datetime | None
    referee_allows_portfolio: bool
    show_on_portfolio: bool


class ApplicationNetworkOut(Schema):
    nomination: NominationOut | None
    references: list[ReferralOut]
