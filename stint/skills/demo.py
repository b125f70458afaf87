"""Demo data: the full skills taxonomy (categories and every curated ESCO-backed skill)."""

from __future__ import annotations

from typing import Any

from stint.core.demo import STEPS
from stint.skills.services import skill_catalog_import


def load_skills(users: dict[str, Any]) -> None:
    skill_catalog_import()


STEPS.append(load_skills)
