"""The occupation index follows saves at once, however long the recheck interval (the CI failure of
stop 19: an index built by an earlier test hid an occupation created afterwards)."""

from __future__ import annotations

import pytest

from stint.skills.models import Occupation
from stint.skills.occupations import occupation_search

pytestmark = pytest.mark.django_db


def _labels(q: str) -> list[str]:
    return [hit.label for hit in occupation_search(q)]


def test_a_saved_occupation_is_found_on_the_next_search(settings):
    settings.SKILLS_INDEX_RECHECK_SECONDS = 3600
    assert "data analyst" not in _labels("data analyst")  # builds the index
    occupation = Occupation.objects.create(
        slug="data-analyst", label="data analyst", esco_uri="http://data.europa.eu/esco/occupation/t-1"
    )
    assert "data analyst" in _labels("data analyst")
    occupation.label = "insights analyst"
    occupation.save()
    assert "insights analyst" in _labels("insights analyst")
    occupation.delete()
    assert "insights analyst" not in _labels("insights analyst")
