"""Demo data: the skills taxonomy (categories and every curated ESCO-backed skill) and, unless
``SKILLS_FULL_VOCABULARY`` is off (it is off under tests), the full ESCO vocabulary. The full import
takes about 30 s on the first ``make run`` and is skipped (≈0.3 s) while the ESCO files are unchanged."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from stint.core.demo import STEPS
from stint.skills.services import skill_catalog_import
from stint.skills.vocabulary import vocabulary_import


def full_vocabulary_enabled() -> bool:
    return bool(settings.SKILLS_FULL_VOCABULARY)


def load_skills(users: dict[str, Any]) -> None:
    skill_catalog_import()
    if full_vocabulary_enabled():
        vocabulary_import()


STEPS.append(load_skills)
