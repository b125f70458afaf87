from __future__ import annotations

import datetime
import uuid

from ninja import Schema
from pydantic import Field

from stint.messaging.models import MAX_MESSAGE_CHARS


class MessageAuthorOut(Schema):
    id: uuid.UUID | None
    name: str


class MessageOut(Schema):
    id: uuid.UUID
    author: MessageAuthorOut
    body: str
    created_at: datetime.datetime


class MessageIn(Schema):
    body: str = Field(max_length=MAX_MESSAGE_CHARS * 2, description="Plain text, at most 5,000 characters")


class ThreadProjectOut(Schema):
    id: uuid.UUID
    title: str


class LastMessageOut(Schema):
    author_id: uuid.UUID | None
    body: str = Field(description="The first 200 characters")
    created_at: datetime.datetime


class ThreadOut(Schema):
    id: uuid.UUID
    application_id: uuid.UUID | None
    engagement_id: uuid.UUID | None = Field(description="Set once the application led to an engagement")
    project: ThreadProjectOut
    side: str = Field(description="`talent` or `company`: your side of the conversation")
    counterpart: str = Field(description="The organization (for the talent) or the talent (for the company)")
    last_message: LastMessageOut | None
    unread_count: int = Field(description="Messages of others after your read marker")
    url: str = Field(description="Where the thread is read in the browser")


class ThreadPage(Schema):
    items: list[ThreadOut]
    count: int
    unread_count: int = Field(description="Unread messages over all your threads")
