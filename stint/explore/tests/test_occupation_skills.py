"""The derivation of an occupation's skills among the featured ones (docs/explore.md)."""

from __future__ import annotations

import pytest

from stint.explore.occupation_skills import MAX_SKILLS, occupation_skills
from stint.skills.models import SkillSource
from stint.skills.tests.factories import CategoryFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def core():
    data = CategoryFactory(slug="data-analysis", name="Data analysis")
    arts = CategoryFactory(slug="arts", name="Arts")
    skills = {
        "Data analysis": (data, "Inspect, clean and model data to find useful information."),
        "Data visualisation": (data, "Present data as charts, graphs and dashboards."),
        "Statistics": (data, "Collect, analyse and interpret numerical data."),
        "Pottery": (arts, "Shape and fire clay into ceramic objects."),
        "Ballet": (arts, "Perform classical dance."),
    }
    return {
        label: SkillFactory(label=label, slug=label.lower().replace(" ", "-"), category=c, description=d)
        for label, (c, d) in skills.items()
    }


def test_an_occupation_gets_the_featured_skills_closest_to_it(core, occupation):
    found = occupation_skills(occupation)
    labels = [s.label for s in found]
    assert labels[0] in {"Data analysis", "Data visualisation"}
    assert {"Data analysis", "Data visualisation"} <= set(labels)
    assert "Pottery" not in labels and "Ballet" not in labels
    assert len(found) <= MAX_SKILLS
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_only_featured_skills_are_candidates(core, occupation):
    SkillFactory(
        label="Data analysis for clinical trials",
        slug="esco-data-analysis",
        category=None,
        source=SkillSource.ESCO,
        description="Inspect, clean and model data.",
    )
    assert "Data analysis for clinical trials" not in [s.label for s in occupation_skills(occupation)]


def test_the_result_follows_skill_changes(core, occupation):
    before = [s.label for s in occupation_skills(occupation)]
    assert "Data analytics" not in before
    SkillFactory(
        label="Data analytics",
        slug="data-analytics",
        category=core["Statistics"].category,
        description="Inspect, clean and model data to find useful information.",
    )
    assert "Data analytics" in [s.label for s in occupation_skills(occupation)]


def test_the_result_is_memoised(core, occupation, django_assert_num_queries, settings):
    settings.SKILLS_INDEX_RECHECK_SECONDS = 60  # as in production: the index is not rechecked at once
    first = occupation_skills(occupation)
    with django_assert_num_queries(0):
        assert occupation_skills(occupation) == first
