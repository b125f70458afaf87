from __future__ import annotations

import datetime
import uuid

from ninja import Schema

from stint.core.api import MoneySchema


class MoneyRangeOut(Schema):
    """Median and range of one currency's amounts, in integer minor units (never converted)."""

    currency: str
    count: int
    median: MoneySchema
    low: MoneySchema
    high: MoneySchema
    median_display: str


class IntRangeOut(Schema):
    count: int
    median: int
    low: int
    high: int


class TrendWeekOut(Schema):
    week_start: datetime.date
    projects: int


class SkillCountOut(Schema):
    id: uuid.UUID
    slug: str
    label: str
    projects: int


class OrganizationCountOut(Schema):
    slug: str
    name: str
    projects: int


class OpenProjectOut(Schema):
    id: uuid.UUID
    title: str
    organization: str
    fee: MoneySchema
    estimated_hours: int


class OverviewOut(Schema):
    open_count: int
    open_projects: list[OpenProjectOut]
    search_url: str
    market_count: int
    market_days: int
    market_sampled: bool  # pay, hours, duration and skills from the 2,000 most recent market projects
    fee: list[MoneyRangeOut]
    hourly_rate: list[MoneyRangeOut]
    hours: IntRangeOut | None
    duration_days: IntRangeOut | None
    trend: list[TrendWeekOut]
    skills: list[SkillCountOut]
    organizations: list[OrganizationCountOut]


class FieldOut(Schema):
    slug: str
    name: str
    description: str
    open_count: int
    hourly_rate: list[MoneyRangeOut]


class FieldDetailOut(Schema):
    field: FieldOut
    overview: OverviewOut


class OccupationSkillOut(Schema):
    id: uuid.UUID
    slug: str
    label: str
    score: float
    named_in_description: bool


class ExploreOccupationOut(Schema):
    id: uuid.UUID
    slug: str
    label: str
    esco_uri: str
    description: str


class OccupationDetailOut(Schema):
    occupation: ExploreOccupationOut
    skills: list[OccupationSkillOut]
    skills_source: str
    overview: OverviewOut


class PathSkillOut(Schema):
    skill: OccupationSkillOut
    status: str  # verified | declared | missing
    endorsements: int
    declared_level: int | None


class GapProjectOut(Schema):
    id: uuid.UUID
    title: str
    organization: str
    closes: list[str]


class PathOut(Schema):
    occupation: ExploreOccupationOut
    skills: list[PathSkillOut]
    covered: int
    gap: list[str]
    projects: list[GapProjectOut]
    history_url: str
