from __future__ import annotations

import uuid

from ninja import Field, Schema


class CategoryOut(Schema):
    slug: str
    name: str


class SkillOut(Schema):
    id: uuid.UUID
    label: str
    slug: str
    category: str = Field(description="The category's slug")
    category_name: str
    esco_uri: str


class SkillDetailOut(SkillOut):
    synonyms: list[str]
    description: str = Field(description="The ESCO definition of the concept")
    related: list[SkillOut]
