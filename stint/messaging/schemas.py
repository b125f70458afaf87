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
