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
    category: str = Field(description="The category's slug; empty for a skill outside the curated core")
    category_name: str
    esco_uri: str = Field(description="The ESCO concept URI; empty for a proposed skill")
    featured: bool = Field(False, description="One of the curated, well-labelled core skills")


class SkillDetailOut(SkillOut):
    synonyms: list[str]
    alt_labels: list[str] = Field(description="ESCO's alternative labels of the concept")
    source: str = Field(description="curated, esco or proposed")
    description: str = Field(description="The ESCO definition of the concept")
    related: list[SkillOut]


class ExtractIn(Schema):
    text: str = Field(..., max_length=5000, description="A project description or a talent's goal")
    limit: int = Field(15, ge=1, le=30)


class SuggestionOut(Schema):
    skill: SkillOut
    start: int = Field(description="Character offset of the mention in `text`")
    end: int
    text: str = Field(description="The words of `text` that name the skill")
    confidence: float = Field(description="0–1: curated label 0.9, synonym 0.8, ESCO label 0.7, ESCO alternative 0.6")


class ExtractOut(Schema):
    suggestions: list[SuggestionOut]


class OccupationOut(Schema):
    id: uuid.UUID
    label: str
    slug: str
    esco_uri: str


class ProposalIn(Schema):
    label: str = Field(..., min_length=1, max_length=100)
    note: str = Field("", max_length=300)


class ProposalOut(Schema):
    skill: SkillOut
    outcome: str = Field(description="existing (already in the vocabulary), merged (joined a proposal) or created")
    pending: bool = Field(description="Usable only by the proposing organizations until staff confirm it")


class ProposedSkillOut(Schema):
    skill: SkillOut
    pending: bool
    maps_to: SkillOut | None
    organizations: int = Field(description="How many organizations proposed it")


class ConfirmIn(Schema):
    maps_to: uuid.UUID = Field(description="The nearest ESCO skill (a curated or ESCO skill id)")
