"""Builders for the coach's database tests."""

from __future__ import annotations

from typing import Any

from stint.applications.tests.factories import ApplicationFactory
from stint.coach.tests import letters as L
from stint.core.testing.factories import TalentFactory
from stint.recommendations.tests import helpers as h


def survey_project(**fields: Any) -> Any:
    python = h.skill("python", "Python")
    fields.setdefault("questions", [L.QUESTION])
    fields.setdefault("rubric", L.RUBRIC)
    fields.setdefault("title", "Run a customer survey")
    return h.project([(python, True, 3)], **fields)


def body(letter: str = L.GOOD, answers: list[str] | None = None, links: list[str] | None = None) -> dict[str, Any]:
    return {
        "cover_letter": letter,
        "answers": [L.GOOD_ANSWER] if answers is None else answers,
        "links": ["https://github.com/me/survey"] if links is None else links,
    }


def applicants(project: Any, n: int, letter: str = "A private letter of another applicant. ") -> list[Any]:
    """``n`` other talent who applied, each with a profile and a letter nobody else may read."""
    out = []
    for i in range(n):
        talent = TalentFactory()
        h.talent_profile(talent, {}, weekly_hours=10)
        out.append(ApplicationFactory(project=project, talent=talent, cover_letter=f"{letter}{i} " * 20))
    return out
