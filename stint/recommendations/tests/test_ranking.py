from __future__ import annotations

import datetime
from typing import Any

import pytest

from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.factories import TalentFactory
from stint.core.testing.queries import assert_max_queries
from stint.engagements.models import Engagement, Review
from stint.recommendations.ranking import rank_applicants
from stint.recommendations.tests import helpers as h
from stint.talent.models import Education

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(personas) -> dict[str, Any]:
    python, sql, stats, logo = (h.skill(s) for s in ("python", "sql", "statistics", "logo-design"))
    project = h.project(
        [(python, True, 3), (sql, True, 3), (stats, False, 2)],
        organization=personas.organization,
        title="Analyse energy consumption data",
        summary="Clean and chart a year of smart meter readings.",
    )
    strong = h.talent_profile(
        personas.talent, {python: 4, sql: 4, stats: 3}, target_roles=["Data analyst"], weekly_hours=15
    )
    weak = h.talent_profile(
        personas.other_talent,
        {logo: 5},
        career_goals="I want to design brands.",
        target_roles=["Graphic designer"],
        interests=["design"],
        weekly_hours=2,
    )
    apps = [
        ApplicationFactory(project=project, talent=personas.other_talent),
        ApplicationFactory(project=project, talent=personas.talent),
    ]
    return {"project": project, "strong": strong, "weak": weak, "applications": apps}


def test_better_fit_ranks_first_with_reasons(scene) -> None:
    ranked = rank_applicants(scene["project"], scene["applications"])
    assert [a.talent_id for a, _, _ in ranked] == [scene["strong"].user_id, scene["weak"].user_id]
    _, top_score, reasons = ranked[0]
    assert "Has 3 of the project's 3 skills" in reasons
    assert "Has 15 free hours a week before the due date" in reasons
    assert top_score > ranked[1][1]
    assert not any("skills" in r for r in ranked[1][2])


def test_changing_name_headline_or_institution_does_not_change_scores(scene) -> None:
    before = [(a.pk, s, r) for a, s, r in rank_applicants(scene["project"], scene["applications"])]
    for profile, institution in ((scene["strong"], "Tiny Community College"), (scene["weak"], "Harvard University")):
        user = profile.user
        user.name = "Completely Different Name"
        user.save()
        profile.headline = f"Student at {institution}"
        profile.save()
        Education.objects.create(profile=profile, institution=institution, programme="Economics", graduation_year=2020)
    after = [(a.pk, s, r) for a, s, r in rank_applicants(scene["project"], scene["applications"])]
    assert after == before


def test_completed_projects_and_reviews_count(personas, scene) -> None:
    engagement = Engagement
    review = Review
    earlier = h.project(organization=personas.organization, category=scene["project"].category, title="Earlier")
    application: Any = ApplicationFactory(project=earlier, talent=personas.other_talent, status="hired")
    done = engagement.objects.create(
        application=application,
        project=earlier,
        talent=personas.other_talent,
        status="paid",
        fee_minor=earlier.fee_minor,
        currency="USD",
        due_date=datetime.date.today(),
    )
    review.objects.create(
        engagement=done,
        author=personas.company_owner,
        subject=personas.other_talent,
        organization=personas.organization,
        side="company",
        rating=5,
    )
    ranked = {a.talent_id: (s, r) for a, s, r in rank_applicants(scene["project"], scene["applications"])}
    reasons = ranked[personas.other_talent.pk][1]
    assert f"Completed 1 approved project in {scene['project'].category.name}" in reasons
    assert "Average rating 5.0 from 1 review" in reasons


def test_ranking_runs_a_bounded_number_of_queries(personas, scene) -> None:
    rank_applicants(scene["project"], scene["applications"])
    # 7 for the features + up to 7 for the planner's batch capacity (profiles, blocked periods,
    # patterns, engagements; with engagements, logged time, submissions, change requests).
    with assert_max_queries(14) as ctx:
        rank_applicants(scene["project"], scene["applications"])
    small = len(ctx.captured_queries)
    more = list(scene["applications"])
    for _ in range(8):
        user = TalentFactory()
        h.talent_profile(user, {})
        more.append(ApplicationFactory(project=scene["project"], talent=user))
    rank_applicants(scene["project"], more)
    with assert_max_queries(small):
        rank_applicants(scene["project"], more)


# --- API ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["company_owner", "company_admin", "company_member"])
def test_members_get_the_ranked_list(personas, api_client_for, scene, persona) -> None:
    response = api_client_for(getattr(personas, persona)).get(f"projects/{scene['project'].pk}/applications/ranked")
    assert response.status_code == 200
    body = response.json()
    assert [item["application"]["talent_id"] for item in body] == [
        str(scene["strong"].user_id),
        str(scene["weak"].user_id),
    ]
    assert body[0]["score"] >= body[1]["score"]
    assert "Has 3 of the project's 3 skills" in body[0]["reasons"]
    assert "name" not in body[0]["application"]


@pytest.mark.parametrize("persona", ["other_company_member", "talent", "advisor"])
def test_outsiders_get_404(personas, api_client_for, scene, persona) -> None:
    response = api_client_for(getattr(personas, persona)).get(f"projects/{scene['project'].pk}/applications/ranked")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_anonymous_gets_401(api_client_for, scene) -> None:
    response = api_client_for(None).get(f"projects/{scene['project'].pk}/applications/ranked")
    assert response.status_code == 401


def test_unknown_project_is_404(personas, api_client_for) -> None:
    import uuid

    response = api_client_for(personas.company_owner).get(f"projects/{uuid.uuid4()}/applications/ranked")
    assert response.status_code == 404
