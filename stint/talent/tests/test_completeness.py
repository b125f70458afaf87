from __future__ import annotations

import pytest

from stint.skills.tests.factories import SkillFactory
from stint.talent.completeness import STEPS
from stint.talent.selectors import profile_completeness, talent_profile_for_user
from stint.talent.services import talent_profile_update, talent_resume_upload
from stint.talent.tests.helpers import pdf_upload

pytestmark = pytest.mark.django_db


def keys(result):
    return [step["key"] for step in result["next_steps"]]


def test_an_empty_profile_is_zero_percent_with_every_step_in_order(personas):
    result = profile_completeness(talent_profile_for_user(personas.talent))
    assert result["percent"] == 0
    assert keys(result) == [key for key, _ in STEPS]
    assert keys(result) == [
        "headline",
        "skills",
        "weekly_hours",
        "timezone",
        "career_goals",
        "target_roles",
        "education",
        "resume",
        "links",
    ]
    assert all(step["message"] for step in result["next_steps"])


def test_defaults_do_not_count_until_the_talent_sets_them(personas):
    profile = talent_profile_for_user(personas.talent)
    assert profile.weekly_hours == 10 and profile.timezone == "UTC"
    assert {"weekly_hours", "timezone"} <= set(keys(profile_completeness(profile)))
    talent_profile_update(user=personas.talent, data={"weekly_hours": 10, "timezone": "UTC"})
    result = profile_completeness(talent_profile_for_user(personas.talent))
    assert result["done"] == ["weekly_hours", "timezone"]
    assert result["percent"] == 22


def test_two_skills_are_not_enough_three_are(personas):
    skills = SkillFactory.create_batch(3)
    talent_profile_update(user=personas.talent, data={"skills": [{"skill": s.slug, "level": 2} for s in skills[:2]]})
    assert "skills" in keys(profile_completeness(talent_profile_for_user(personas.talent)))
    talent_profile_update(user=personas.talent, data={"skills": [{"skill": s.slug, "level": 2} for s in skills]})
    assert "skills" not in keys(profile_completeness(talent_profile_for_user(personas.talent)))


def test_a_complete_profile_is_one_hundred_percent(personas):
    skills = SkillFactory.create_batch(3)
    talent_profile_update(
        user=personas.talent,
        data={
            "headline": "Data nerd",
            "skills": [{"skill": s.slug, "level": 2} for s in skills],
            "weekly_hours": 8,
            "timezone": "America/Toronto",
            "career_goals": "Analytics.",
            "target_roles": ["Analyst"],
            "education": [{"institution": "McGill"}],
            "links": ["https://example.org"],
        },
    )
    result = profile_completeness(talent_profile_for_user(personas.talent))
    assert (result["percent"], keys(result)) == (88, ["resume"])
    talent_resume_upload(user=personas.talent, upload=pdf_upload())
    result = profile_completeness(talent_profile_for_user(personas.talent))
    assert result == {"percent": 100, "next_steps": [], "done": [key for key, _ in STEPS]}
