from __future__ import annotations

import datetime
import uuid

from ninja import Schema


class DataExportOut(Schema):
    id: uuid.UUID
    status: str
    created_at: datetime.datetime
    ready_at: datetime.datetime | None = None
    expires_at: datetime.datetime | None = None
    size: int | None = None
    download_url: str | None = None


class AccountDeleteIn(Schema):
    password: str
    confirm: bool = False
