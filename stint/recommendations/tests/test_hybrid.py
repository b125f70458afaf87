"""The hybrid ranker: keyword relevance, the planner's capacity as a hard constraint, and fairness."""

# ruff: noqa: F811  (the fixtures imported from test_recommender are arguments here)

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pytest

from stint.planner.availability import free_hours_for_projects, free_hours_for_talents
from stint.planner.selectors import capacity_check
from stint.planner.tests import factories as pf
from stint.recommendations import lexical
from stint.recommendations.recommender import recommend_projects_for_talent
from stint.recommendations.tests import helpers as h
from stint.recommendations.tests.test_recommender import analyst, check_reasons, data_project, skills  # noqa: F401
from stint.talent.models import Education

pytestmark = pytest.mark.django_db


def test_stems_join_word_forms_but_drop_stop_words() -> None:
    assert lexical.tokens("Designs and testing for the Tests") == ("design", "test", "test")
    assert lexical.tokens("Café analyst analysis") == ("cafe", "analyst", "analysis")


def test_bm25_prefers_rare_shared_words_and_ignores_empty_docs() -> None:
    docs: list[Any] = [
        lexical.tokens("data entry of paper invoices into a spreadsheet"),
        lexical.tokens("churn prediction model with python and machine learning"),
        lexical.tokens("data cleaning in a spreadsheet"),
        None,
    ]
    scores = lexical.bm25(lexical.tokens("machine learning python data"), docs)
    assert int(np.argmax(scores)) == 1
    assert scores[3] == 0.0
    assert lexical.normalised(scores).max() == pytest.approx(1.0)
    assert lexical.normalised(np.zeros(3)).tolist() == [0.0, 0.0, 0.0]


def test_keyword_relevance_is_a_component_and_rewards_the_goal_words(personas, analyst, skills) -> None:
    talks = data_project(skills, title="Energy data analyst for smart meters", summary="Analyse energy data.")
    silent = data_project(skills, title="Quarterly numbers", summary="Tidy a workbook.", description="Tidy it.")
    recs = {r.project: r for r in recommend_projects_for_talent(personas.talent)}
    assert recs[talks].components["lexical"] > recs[silent].components["lexical"]
    assert 0.0 <= recs[silent].components["lexical"] <= 1.0


def test_a_project_that_does_not_fit_never_ranks_above_one_that_does(personas, analyst, skills) -> None:
    today = h.now().date()
    big = data_project(
        skills,
        title="Huge data analyst job",
        estimated_hours=40,
        fee_minor=200_000,
        start_date=today + h.days(1),
        due_date=today + h.days(7),
    )
    small = h.project([(skills["copywriting"], True, 3)], title="Write two emails", estimated_hours=5)
    recs = recommend_projects_for_talent(personas.talent, today=today)
    order = [r.project for r in recs]
    assert order.index(small) < order.index(big)
    by_project = {r.project: r for r in recs}
    assert by_project[big].score > by_project[small].score  # a better match, but it does not fit
    assert by_project[big].components["feasibility"] < 1.0
    assert not any(r.startswith("Fits your") for r in by_project[big].reasons)
    for rec in recs:
        check_reasons(analyst, rec, today)
        # The reason agrees with the planner's accept guard.
        fits = any(r.startswith("Fits your") for r in rec.reasons)
        assert fits == (not capacity_check(personas.talent, rec.project))


def test_free_hours_for_projects_agrees_with_free_hours_for_talents(personas, analyst, skills) -> None:
    today = h.now().date()
    projects = [
        data_project(skills, estimated_hours=hours, start_date=today + h.days(1), due_date=today + h.days(days))
        for hours, days in ((10, 20), (40, 7), (30, 40))
    ]
    # Existing load: an active engagement over the same weeks, whose own project is asked about too
    # (its engagement is left out of that project's load, as in the accept guard).
    busy = pf.engagement(personas.talent, personas.organization, hours=12, start=0, due=13)
    projects.append(busy.project)
    batch = free_hours_for_projects(talent_id=personas.talent.pk, projects=projects)
    for project in projects:
        assert (
            batch[project.pk]
            == free_hours_for_talents(talent_ids=[personas.talent.pk], project=project)[personas.talent.pk]
        )
    assert free_hours_for_projects(talent_id=personas.talent.pk, projects=[]) == {}


def test_name_institution_and_headline_do_not_change_the_ranking(personas, analyst, skills) -> None:
    now = h.now()
    data_project(skills, title="Energy data analysis")
    data_project(skills, title="Smart meter statistics", estimated_hours=25)
    h.project(
        [(skills["copywriting"], True, 3)], title="Write product descriptions", category=h.category("content-creation")
    )
    h.project([(skills["logo-design"], True, 3)], title="A logo for Harvard alumni", category=h.category("design"))

    def ranking() -> list[tuple[Any, float, list[str]]]:
        return [(r.project.pk, r.score, r.reasons) for r in recommend_projects_for_talent(personas.talent, now=now)]

    before = ranking()
    for name, institution in (("Completely Different Name", "Harvard University"), ("Jo", "Tiny Community College")):
        user = personas.talent
        user.name = name
        user.save()
        analyst.headline = f"Student at {institution}"
        analyst.save()
        Education.objects.create(profile=analyst, institution=institution, programme="Economics", graduation_year=2020)
        assert ranking() == before


def test_recommendations_read_the_start_and_due_dates(personas, analyst, skills) -> None:
    today = h.now().date()
    later = data_project(skills, estimated_hours=30, start_date=today + h.days(30), due_date=today + h.days(70))
    rushed = data_project(skills, estimated_hours=30, start_date=today, due_date=today + datetime.timedelta(days=3))
    recs = {r.project: r for r in recommend_projects_for_talent(personas.talent, today=today)}
    assert recs[later].components["feasibility"] == 1.0
    assert recs[rushed].components["feasibility"] < 1.0
