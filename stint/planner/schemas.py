from __future__ import annotations

import datetime
import uuid

from ninja import Schema
from pydantic import Field

from stint.core.schemas import ApiDate, FiniteFloat


class WeekItemOut(Schema):
    kind: str = Field(description="engagement (committed) or application (an offer: tentative)")
    engagement_id: uuid.UUID | None = None
    application_id: uuid.UUID | None = None
    title: str
    hours: float
    minutes: int
    tentative: bool


class WeekOut(Schema):
    week_start: datetime.date = Field(description="The Monday of the ISO week")
    capacity_hours: float
    committed_hours: float
    tentative_hours: float
    capacity_minutes: int
    committed_minutes: int
    tentative_minutes: int
    over_capacity: bool = Field(description="Committed load above capacity")
    blocked: bool = Field(description="At least one day of the week is in a blocked (or reduced) period")
    blocked_days: int
    reduced_days: int
    blocked_reasons: list[str]
    items: list[WeekItemOut]


class CalendarUrlOut(Schema):
    url: str
    created_at: datetime.datetime
    rotated_at: datetime.datetime | None


class DailyPlanEntryOut(Schema):
    engagement_id: uuid.UUID
    title: str
    minutes: int
    hours: float
    due_date: datetime.date
    remaining_minutes: int
    at_risk: bool
    available_minutes: int | None


class DailyPlanOut(Schema):
    date: datetime.date
    timezone: str
    capacity_minutes: int
    blocked: bool
    total_minutes: int
    entries: list[DailyPlanEntryOut]


class WeekOverloadOut(Schema):
    week_start: datetime.date
    capacity_hours: float
    load_hours: float
    new_hours: float
    capacity_minutes: int
    load_minutes: int
    new_minutes: int


class CapacityCheckOut(Schema):
    fits: bool
    weeks: list[WeekOverloadOut]


class PatternIn(Schema):
    weekday_hours: list[FiniteFloat] | None = Field(
        max_length=31, description="Seven numbers, Monday first (hours per day, at most 16); null removes the pattern"
    )


class PatternOut(Schema):
    weekday_hours: list[float] | None
    weekday_minutes: list[int] | None
    weekly_hours: float


class DueDateRequestIn(Schema):
    due_date: ApiDate
    reason: str = Field(max_length=4000)


class DueDateRequestOut(Schema):
    id: uuid.UUID
    engagement_id: uuid.UUID
    status: str
    previous_due_date: datetime.date
    proposed_due_date: datetime.date
    reason: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None
    engagement_due_date: datetime.date
