from __future__ import annotations

import uuid

from ninja import Schema


class FindingOut(Schema):
    code: str
    severity: str
    message: str
    suggestion: str
    subject: str


class SkillCheckOut(Schema):
    skill: str
    addressed: bool
    matched: str


class RubricCheckOut(Schema):
    criterion: str
    weight: int
    addressed: bool


class QuestionCheckOut(Schema):
    question: str
    answered: bool
    words: int


class ReuseOut(Schema):
    max_similarity: float
    threshold: float
    letters_compared: int


class LengthOut(Schema):
    characters: int
    words: int
    sentences: int
    words_per_sentence: float
    reading_ease: float | None
    min_characters: int


class LinksOut(Schema):
    links: int
    invalid: int
    in_letter: int
    max_links: int


class OddsOut(Schema):
    applications_received: int
    current_applicants: int
    openings: int
    openings_left: int
    band: str | None
    band_label: str
    fit_score: float | None
    fit_reasons: list[str]


class CheckOut(Schema):
    ready: bool
    findings: list[FindingOut]
    skills: list[SkillCheckOut]
    rubric: list[RubricCheckOut]
    questions: list[QuestionCheckOut]
    reuse: ReuseOut
    length: LengthOut
    links: LinksOut
    odds: OddsOut


class ScoreRowOut(Schema):
    criterion: str
    weight: int
    score: int | None


class ImprovementOut(Schema):
    criterion: str
    weight: int
    score: int | None
    suggestion: str


class FeedbackOut(Schema):
    application_id: uuid.UUID
    decided: bool
    status: str
    reason: str
    scores: list[ScoreRowOut]
    scored: bool
    improve: list[ImprovementOut]
    improve_from_letter: bool
