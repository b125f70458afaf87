from __future__ import annotations

import datetime
import uuid

from ninja import Schema
from pydantic import Field


class NotificationOut(Schema):
    id: uuid.UUID
    event: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    emailed_at: datetime.datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    count: int
    unread_count: int


class ReadAllOut(Schema):
    marked: int = Field(description="How many notifications changed from unread to read")


class PreferenceOut(Schema):
    group: str
    label: str
    email: bool


class PreferenceIn(Schema):
    group: str = Field(max_length=40)
    email: bool


class PreferencesIn(Schema):
    preferences: list[PreferenceIn] = Field(description="Groups not listed keep their current setting")
