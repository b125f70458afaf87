from __future__ import annotations

import datetime
import uuid

from ninja import Schema

from stint.core.api import MoneySchema


class EngagementProjectOut(Schema):
    id: uuid.UUID
    title: str
    organization_name: str


class EngagementOut(Schema):
    id: uuid.UUID
    application_id: uuid.UUID
    project: EngagementProjectOut
    status: str
    fee: MoneySchema
    due_date: datetime.date
    created_at: datetime.datetime
