from __future__ import annotations

import uuid

from ninja import Schema
from pydantic import Field


class SignupIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    name: str = Field(max_length=150)
    role: str = Field(description="talent, company or advisor")


class TokenIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)
    name: str = Field("api", max_length=100, description="A label for this token")


class TokenOut(Schema):
    token: str
    token_id: uuid.UUID


class UserOut(Schema):
    id: uuid.UUID
    email: str
    name: str
    role: str
    is_staff: bool
