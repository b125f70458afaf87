"""POST /projects/{id}/applications/check: the coach's findings, odds and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.coach.odds import band_for
from stint.coach.tests import helpers as ch
from stint.coach.tests import letters as L
from stint.core.testing.factories import CompanyUserFactory
from stint.organizations.models import Membership
from stint.projects.choices import ProjectStatus
from stint.recommendations.tests import helpers as h
from stint.talent.models import TalentSkill

pytestmark = pytest.mark.django_db


def check(client: Any, project: Any, data: dict[str, Any]) -> Any:
    return client.post(f"projects/{project.pk}/applications/check", data)


def codes(response: Any) -> list[str]:
    return [f["code"] for f in response.json()["findings"]]


@pytest.fixture
def project(personas: Any) -> Any:
    python = h.skill("python", "Python")
    h.talent_profile(personas.talent, {python: 4}, target_roles=["Data analyst"], weekly_hours=12)
    return ch.survey_project()


def test_good_letter_is_ready_and_creates_nothing(personas: Any, api_client_for: Any, project: Any) -> None:
    before = Application.objects.count()
    response = check(api_client_for(personas.talent), project, ch.body())
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ready"] is True
    assert body["findings"] == []
    assert body["skills"] == [{"skill": "Python", "addressed": True, "matched": "Python"}]
    assert [r["addressed"] for r in body["rubric"]] == [True, True]
    assert body["questions"][0]["answered"] is True
    assert body["length"]["words"] > 80
    assert body["length"]["reading_ease"] is not None
    assert Application.objects.count() == before


def test_each_problem_has_its_code(personas: Any, api_client_for: Any, project: Any) -> None:
    ApplicationFactory(talent=personas.talent, cover_letter=L.EARLIER)
    client = api_client_for(personas.talent)
    assert codes(check(client, project, ch.body(L.NO_SKILL))) == ["skill_not_addressed"]
    skipped = check(client, project, ch.body(answers=[""]))
    assert codes(skipped) == ["question_unanswered"]
    assert skipped.json()["ready"] is False
    reused = check(client, project, ch.body(L.REUSED, links=[]))
    assert set(codes(reused)) >= {"letter_reused", "no_evidence_links", "skill_not_addressed"}
    assert reused.json()["reuse"]["letters_compared"] == 1
    blockers_first = [f["severity"] for f in check(client, project, ch.body("Short.", answers=[])).json()["findings"]]
    assert blockers_first == sorted(blockers_first, key=["blocker", "warning", "tip"].index)


def test_reuse_compares_only_the_talents_own_letters(personas: Any, api_client_for: Any, project: Any) -> None:
    ApplicationFactory(talent=personas.other_talent, cover_letter=L.EARLIER)
    response = check(api_client_for(personas.talent), project, ch.body(L.REUSED))
    assert "letter_reused" not in codes(response)
    assert response.json()["reuse"]["letters_compared"] == 0


def test_odds_band_agrees_with_the_ranked_list_and_shows_nobody_else(
    personas: Any, api_client_for: Any, project: Any
) -> None:
    others = ch.applicants(project, 5)
    response = check(api_client_for(personas.talent), project, ch.body())
    odds = response.json()["odds"]
    assert odds["applications_received"] == 5
    assert odds["current_applicants"] == 5
    assert odds["openings"] == 1
    # The talent has the project's skill; the others have none: the best fit of six.
    assert odds["band"] == "top_quarter"
    assert "Has 1 of the project's 1 skill" in odds["fit_reasons"]
    assert set(odds) == {  # counts and the caller's own fit only: no list, no other score
        "applications_received",
        "current_applicants",
        "openings",
        "openings_left",
        "band",
        "band_label",
        "fit_score",
        "fit_reasons",
    }
    text = response.content.decode()
    for other in others:
        assert other.cover_letter[:30] not in text
        assert str(other.talent_id) not in text
        assert str(other.pk) not in text
        assert other.talent.name not in text


def test_band_is_lower_half_for_the_weakest_fit(personas: Any, api_client_for: Any, project: Any) -> None:
    python = h.skill("python", "Python")
    for other in ch.applicants(project, 4):
        TalentSkill.objects.create(profile=other.talent.talent_profile, skill=python, level=5)
    h.talent_profile(personas.other_talent, {}, weekly_hours=1)
    odds = check(api_client_for(personas.other_talent), project, ch.body()).json()["odds"]
    assert odds["band"] == "lower_half"


def test_no_band_with_few_applicants(personas: Any, api_client_for: Any, project: Any) -> None:
    ch.applicants(project, 3)
    odds = check(api_client_for(personas.talent), project, ch.body()).json()["odds"]
    assert odds["band"] is None
    assert odds["applications_received"] == 3


def test_refusals(personas: Any, api_client_for: Any, project: Any) -> None:
    before = Application.objects.count()
    assert check(api_client_for(None), project, ch.body()).status_code == 401
    for persona in ("company_owner", "company_member", "advisor", "staff"):
        response = check(api_client_for(getattr(personas, persona)), project, ch.body())
        assert response.status_code == 403, persona
        assert response.json()["code"] == "talent_role_required"
    draft = ch.survey_project(status=ProjectStatus.DRAFT)
    assert check(api_client_for(personas.talent), draft, ch.body()).status_code == 404
    ApplicationFactory(project=project, talent=personas.other_talent)
    response = check(api_client_for(personas.other_talent), project, ch.body())
    assert (response.status_code, response.json()["code"]) == (409, "already_applied")
    closed = ch.survey_project(status=ProjectStatus.CLOSED)
    response = check(api_client_for(personas.talent), closed, ch.body())
    assert response.json()["code"] in ("applications_closed", "not_found")
    assert Application.objects.count() == before + 1


def test_body_is_validated(personas: Any, api_client_for: Any, project: Any) -> None:
    response = check(api_client_for(personas.talent), project, {"cover_letter": "x" * 20_001})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_band_is_where_the_company_list_puts_the_talent(personas: Any, api_client_for: Any, project: Any) -> None:
    python = h.skill("python", "Python")
    strong = ch.applicants(project, 2)
    for other in strong:
        TalentSkill.objects.create(profile=other.talent.talent_profile, skill=python, level=5)
    ch.applicants(project, 5)
    client = api_client_for(personas.talent)
    odds = check(client, project, ch.body()).json()["odds"]
    assert client.post(f"projects/{project.pk}/applications", ch.body()).status_code == 201
    listed = api_client_for(project_member(project)).get(f"projects/{project.pk}/applications")
    ids = [item["talent"]["id"] for item in listed.json()["items"]]
    position = ids.index(str(personas.talent.pk))
    assert band_for(position, len(ids)) == (odds["band"], odds["band_label"])
    assert odds["band"] == "upper_half"  # third of eight, behind the two with level-5 Python


def project_member(project: Any) -> Any:
    user: Any = CompanyUserFactory()
    Membership.objects.create(organization=project.organization, user=user, role="member")
    return user


def test_queries_do_not_grow_with_the_applicants(personas: Any, api_client_for: Any, project: Any) -> None:
    client = api_client_for(personas.talent)
    ch.applicants(project, 4)
    check(client, project, ch.body())  # embeddings of new applicants are computed once
    with CaptureQueriesContext(connection) as few:
        assert check(client, project, ch.body()).status_code == 200
    ch.applicants(project, 16)
    check(client, project, ch.body())
    with CaptureQueriesContext(connection) as many:
        assert check(client, project, ch.body()).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries) <= 40
