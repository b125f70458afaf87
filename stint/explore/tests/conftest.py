from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from stint.explore import occupation_skills as derivation
from stint.explore.occupation_skills import OccupationSkill
from stint.skills.models import Occupation


@pytest.fixture(autouse=True)
def _fresh_derivation(settings: Any) -> Iterator[None]:
    # The occupation search index is per process: look at the table on every search, as each test
    # has its own occupations.
    settings.SKILLS_INDEX_RECHECK_SECONDS = 0
    derivation.reset()
    yield
    derivation.reset()


@pytest.fixture
def occupation(db: Any) -> Occupation:
    return Occupation.objects.create(
        slug="data-analyst-test",
        label="data analyst",
        esco_uri="http://data.europa.eu/esco/occupation/test-data-analyst",
        description="Data analysts clean and model data and present it in dashboards.",
    )


@pytest.fixture
def fixed_skills(monkeypatch: Any) -> Any:
    """``fixed_skills([skill, …])``: the occupation's skills are exactly these (the derivation is
    tested on its own in test_occupation_skills.py)."""

    def _set(skills: list[Any]) -> None:
        found = [OccupationSkill(s.pk, s.slug, s.label, 0.8, False) for s in skills]
        monkeypatch.setattr("stint.explore.path.occupation_skills", lambda occupation: found)
        monkeypatch.setattr("stint.explore.selectors.occupation_skills", lambda occupation: found)

    return _set
