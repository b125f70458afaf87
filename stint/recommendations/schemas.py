from __future__ import annotations

import datetime
import uuid

from ninja import Schema

from stint.core.api import MoneySchema


class OrganizationRef(Schema):
    id: uuid.UUID
    name: str


class RecommendedProject(Schema):
    id: uuid.UUID
    title: str
    summary: str
    organization: OrganizationRef
    fee: MoneySchema
    hourly_rate: MoneySchema
    estimated_hours: int
    due_date: datetime.date


class RecommendationOut(Schema):
    project: RecommendedProject
    score: float
    reasons: list[str]


class RankedApplicationRef(Schema):
    id: uuid.UUID
    status: str
    talent_id: uuid.UUID
    created_at: datetime.datetime


class RankedApplicationOut(Schema):
    application: RankedApplicationRef
    score: float
    reasons: list[str]
