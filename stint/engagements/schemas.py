from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from stint.core.api import MoneySchema
from stint.core.schemas import INT32_MAX, MAX_AMOUNT_MINOR, SMALLINT_MAX, ApiDate

# Hours of one entry that still fit the minutes column (the time-log rules bound it far lower).
MAX_ENTRY_HOURS = INT32_MAX // 60


class EngagementProjectOut(Schema):
    id: uuid.UUID
    title: str
    organization_name: str
    estimated_hours: int | None = None


class PersonOut(Schema):
    id: uuid.UUID
    name: str


class EngagementOut(Schema):
    id: uuid.UUID
    application_id: uuid.UUID
    project: EngagementProjectOut
    status: str
    fee: MoneySchema
    due_date: datetime.date = Field(description="A day in the project's time zone")
    due_at: datetime.datetime | None = Field(
        None, description="The due date's end: 23:59:59 in the project's time zone (docs/projects.md)"
    )
    review_deadline: datetime.datetime | None = None
    created_at: datetime.datetime


class FileOut(Schema):
    id: uuid.UUID
    name: str
    size: int
    content_type: str
    url: str


class SubmissionOut(Schema):
    id: uuid.UUID
    round: int
    notes: str
    ai_use: str
    links: list[str]
    files: list[FileOut]
    created_at: datetime.datetime


class ChangeRequestOut(Schema):
    id: uuid.UUID
    round: int
    message: str
    created_at: datetime.datetime


class MilestoneOut(Schema):
    id: uuid.UUID
    title: str
    due_date: datetime.date | None
    done_at: datetime.datetime | None


class TimeEntryOut(Schema):
    id: uuid.UUID
    date: datetime.date
    minutes: int
    hours: float
    note: str


class ScopeOut(Schema):
    logged_minutes: int
    estimated_minutes: int
    over_estimate: bool
    at_estimate: bool = Field(description="Logged time reached the estimate: more needs the company's approval")
    max_minutes_per_day: int = Field(description="Daily cap per talent (STINT_MAX_HOURS_PER_DAY)")
    decision: str
    note: str


class FundsOut(Schema):
    fee: MoneySchema
    state: str = Field(description="held, released, refunded, split or settling")
    talent_share: MoneySchema | None = None
    auto_released: bool


class ReviewOut(Schema):
    id: uuid.UUID
    side: str
    author_name: str
    rating: int
    comment: str
    endorsed_skills: list[str]
    created_at: datetime.datetime


class EngagementDetailOut(EngagementOut):
    talent: PersonOut
    viewer_side: str
    allowed_actions: list[str] = Field(
        default_factory=list,
        description="What you may do now, as action names of `POST /engagements/{id}/<action>`: talent "
        "`submit` (also log time), `cancel`, `dispute`, `review`; company `approve`, `request-changes`, "
        "`cancel`, `dispute`, `offer-next`, `review`; staff `resolve`",
    )
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    cancelled_by: str
    cancel_reason: str
    disputed_at: datetime.datetime | None
    dispute_reason: str
    resolved_at: datetime.datetime | None
    change_rounds_used: int
    max_change_rounds: int
    hours_logged: float
    scope: ScopeOut
    funds: FundsOut
    milestones: list[MilestoneOut]
    time_entries: list[TimeEntryOut]
    submissions: list[SubmissionOut]
    change_requests: list[ChangeRequestOut]
    reviews: list[ReviewOut]


# Hard limits (422 beyond them): the columns' ranges, and text far above the rules' own limits
# (``MAX_TEXT_CHARS`` = 5,000, answered with the rules' codes).
HARD_TEXT = 20_000


class TimeEntryIn(Schema):
    date: ApiDate
    hours: Decimal | None = Field(
        default=None,
        ge=-MAX_ENTRY_HOURS,
        le=MAX_ENTRY_HOURS,
        allow_inf_nan=False,
        description="Hours (e.g. 1.5); or send minutes",
    )
    minutes: int | None = Field(None, ge=-INT32_MAX, le=INT32_MAX)
    note: str = Field("", max_length=500)


class ChangeRequestIn(Schema):
    message: str = Field(max_length=HARD_TEXT, description="What to change; at most 5,000 characters")


class EngagementReasonIn(Schema):
    reason: str = Field(max_length=HARD_TEXT, description="At most 5,000 characters")


class ResolveIn(Schema):
    talent_amount_minor: int = Field(ge=-MAX_AMOUNT_MINOR, le=MAX_AMOUNT_MINOR, description="0 to the fee")
    note: str = Field("", max_length=HARD_TEXT)


class ReviewIn(Schema):
    rating: int = Field(ge=-SMALLINT_MAX, le=SMALLINT_MAX, description="1 to 5")
    comment: str = Field("", max_length=HARD_TEXT)
    endorsed_skills: list[uuid.UUID] = Field([], max_length=100)


class MilestoneIn(Schema):
    title: str = Field(max_length=200)
    due_date: ApiDate | None = None


class OverrunIn(Schema):
    decision: str = Field(max_length=20)
    note: str = Field("", max_length=HARD_TEXT)


# The names the endpoints import (component names must be unique across the API: docs/api.md).
MessageIn = ChangeRequestIn
ReasonIn = EngagementReasonIn


class OfferNextOut(Schema):
    application_id: uuid.UUID
    talent_name: str
    status: str
