from __future__ import annotations

import datetime
import uuid
from typing import Annotated

from ninja import Schema
from pydantic import Field

from stint.core.schemas import SMALLINT_MAX

# Hard limits (422 beyond them); the application rules have tighter ones with their own codes
# (``answer_too_long``, ``too_many_links``…).
HARD_LIST = 100


class ApplicationIn(Schema):
    cover_letter: str = Field(max_length=20_000, description="Tailored to this project; a minimum length applies")
    answers: list[Annotated[str, Field(max_length=20_000)]] = Field(
        default_factory=list,
        max_length=HARD_LIST,
        description="One answer per screening question, in order; each at most 5,000 characters",
    )
    links: list[Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=list, max_length=HARD_LIST, description="Portfolio or work samples (https://…); at most 10"
    )


class AcceptIn(Schema):
    accept_overload: bool = Field(
        default=False, description="Accept even though the planner says a week would go over capacity"
    )


class CapacityWarningOut(Schema):
    code: str
    message: str
    week_start: datetime.date
    capacity_hours: float
    load_hours: float
    new_hours: float
    capacity_minutes: int
    load_minutes: int
    new_minutes: int


class RejectIn(Schema):
    reason: str = Field(max_length=4000, description="Shown to the applicant; see GET /rejection-templates")


class ScoreItem(Schema):
    criterion: str = Field(max_length=200)
    score: int = Field(ge=-SMALLINT_MAX, le=SMALLINT_MAX, description="1 to 5")


class ScoreIn(Schema):
    scores: list[ScoreItem] = Field(max_length=HARD_LIST)


class RubricItemOut(Schema):
    criterion: str
    weight: int


class ScoreOut(Schema):
    criterion: str
    score: int


class ApplicationOrganizationOut(Schema):
    id: uuid.UUID
    name: str


class ApplicationProjectOut(Schema):
    id: uuid.UUID
    title: str
    organization: ApplicationOrganizationOut
    response_deadline: datetime.datetime


class ApplicationTalentOut(Schema):
    id: uuid.UUID
    name: str
    profile_id: uuid.UUID | None


class ApplicationOut(Schema):
    id: uuid.UUID
    project: ApplicationProjectOut
    talent: ApplicationTalentOut
    status: str
    next_step: str
    cover_letter: str
    answers: list[str]
    links: list[str]
    rejection_reason: str
    closing_reason: str
    created_at: datetime.datetime
    first_response_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    offered_at: datetime.datetime | None
    offer_expires_at: datetime.datetime | None
    rubric: list[RubricItemOut]
    scores: list[ScoreOut] = Field(description="The company's scores; shown to the talent once rejected")
    rubric_total: int | None
    engagement_id: uuid.UUID | None
    allowed_actions: list[str] = Field(
        default_factory=list,
        description="What you may do with it now, as action names of `POST /applications/{id}/<action>` "
        "(talent: `accept`, `decline`, `withdraw`; company: `shortlist`, `offer`, `reject`, `score`)",
    )
    fit_score: float | None = Field(None, description="Applicant lists: fit with the project, 0..1")
    fit_reasons: list[str] = Field(default_factory=list, description="Applicant lists: why, in plain language")
    warnings: list[CapacityWarningOut] = Field(
        default_factory=list,
        description="On apply: weeks this project would push over your capacity if you were hired (over_capacity)",
    )


class RejectionTemplatesOut(Schema):
    templates: list[str]
