from __future__ import annotations

import datetime
import uuid

from ninja import Schema
from pydantic import Field


class PoolNoteOut(Schema):
    id: uuid.UUID
    author: str | None
    body: str
    created_at: datetime.datetime


class HireOut(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID
    organization: str
    talent_id: uuid.UUID
    talent_name: str
    kind: str
    role_title: str
    status: str
    show_on_portfolio: bool
    answered_at: datetime.datetime | None


class PoolCredentialOut(Schema):
    title: str
    url: str


class PoolEntryOut(Schema):
    talent_id: uuid.UUID
    name: str
    completed_projects: list[str]
    average_rating: float | None
    reviews: list[str]
    endorsed_skills: list[str]
    tags: list[str]
    notes: list[PoolNoteOut]
    hires: list[HireOut]
    credentials: list[PoolCredentialOut]


class NoteIn(Schema):
    body: str = Field(max_length=2000)


class TagIn(Schema):
    name: str = Field(max_length=40)


class PoolInviteIn(Schema):
    talent_id: uuid.UUID
    message: str = Field("", max_length=1000)


class PoolInvitationOut(Schema):
    id: uuid.UUID
    organization: str
    project_id: uuid.UUID
    project_title: str
    talent_id: uuid.UUID
    talent_name: str
    message: str
    status: str
    answered_at: datetime.datetime | None
    created_at: datetime.datetime


class HireIn(Schema):
    talent_id: uuid.UUID
    kind: str = Field("job", max_length=16, description="job or internship")
    role_title: str = Field(max_length=150)


class HireAnswerIn(Schema):
    confirm: bool
    show_on_portfolio: bool = False


class FiguresOut(Schema):
    organization_id: uuid.UUID
    hires_from_stint: int = Field(description="Jobs and internships its micro-interns accepted (confirmed)")
    followers: int
    following: bool
