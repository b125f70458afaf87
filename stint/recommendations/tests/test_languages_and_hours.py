"""Recommendations and the project's language and working-hours overlap: the language filter, the
preference for a language the talent works in, and the overlap reason (checked against the data)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from stint.recommendations.recommender import recommend_projects_for_talent
from stint.recommendations.tests import helpers as h
from stint.recommendations.tests.test_recommender import check_reasons, data_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills() -> dict[str, Any]:
    names = ["python", "sql", "statistics", "spreadsheets", "data-visualisation"]
    return {n: h.skill(n) for n in names}


@pytest.fixture
def lagos_analyst(personas, skills) -> Any:
    return h.talent_profile(
        personas.talent,
        {skills["python"]: 4, skills["sql"]: 3, skills["statistics"]: 2},
        interests=["data-analysis"],
        weekly_hours=20,
        timezone="Africa/Lagos",
        work_start=datetime.time(9),
        work_end=datetime.time(17),
        languages=["en", "pt"],
    )


def test_overlap_and_language_reasons_are_true(personas, lagos_analyst, skills) -> None:
    today = datetime.date(2027, 1, 12)
    berlin = data_project(
        skills,
        time_zone="Europe/Berlin",
        language="en",
        overlap_hours=2,
        overlap_start=datetime.time(14),
        overlap_end=datetime.time(18),
    )
    recs = recommend_projects_for_talent(personas.talent, today=today)
    rec = next(r for r in recs if r.project.pk == berlin.pk)
    # Berlin 14–18 is 13–17 UTC in January; Lagos 9–17 is 8–16 UTC: 3 hours.
    assert "Overlaps 3 h with your working hours" in rec.reasons
    assert "Written in English, a language you work in" in rec.reasons
    check_reasons(lagos_analyst, rec, today)


def test_no_overlap_reason_when_the_need_is_not_met(personas, lagos_analyst, skills) -> None:
    today = datetime.date(2027, 1, 12)
    late = data_project(
        skills,
        time_zone="Asia/Kathmandu",
        overlap_hours=3,
        overlap_start=datetime.time(20),
        overlap_end=datetime.time(23, 30),
    )
    met = data_project(skills, title="Another analysis")
    recs = recommend_projects_for_talent(personas.talent, today=today)
    by_pk = {r.project.pk: r for r in recs}
    assert not any(r.startswith("Overlaps") for r in by_pk[late.pk].reasons)
    # A project whose overlap need is not met ranks after one that states none.
    order = [r.project.pk for r in recs]
    assert order.index(met.pk) < order.index(late.pk)


def test_language_filter_and_preference(personas, lagos_analyst, skills) -> None:
    german = data_project(skills, title="Energiedaten analysieren", language="de")
    portuguese = data_project(skills, title="Analisar dados de energia", language="pt")
    english = data_project(skills, title="Analyse energy data", language="en")
    only_german = recommend_projects_for_talent(personas.talent, language="de")
    assert [r.project.pk for r in only_german] == [german.pk]
    order = [r.project.pk for r in recommend_projects_for_talent(personas.talent)]
    # German is not among the talent's languages: after both projects in languages they work in.
    assert order.index(german.pk) > order.index(portuguese.pk)
    assert order.index(german.pk) > order.index(english.pk)


def test_api_filters_by_language(personas, lagos_analyst, skills, api_client_for) -> None:
    data_project(skills, title="Energiedaten analysieren", language="de")
    portuguese = data_project(skills, title="Analisar dados de energia", language="pt")
    api = api_client_for(personas.talent)
    body = api.get("me/recommendations", {"language": "pt"}).json()
    assert [item["project"]["id"] for item in body] == [str(portuguese.pk)]
    assert api.get("me/recommendations", {"language": "portuguese"}).status_code == 422
