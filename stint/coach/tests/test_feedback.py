"""After a decision: the applicant's scores, the reason and what to improve (API and page)."""

from __future__ import annotations

from typing import Any

import pytest

from stint.applications.choices import ApplicationStatus
from stint.applications.models import RubricScore
from stint.applications.tests.factories import ApplicationFactory
from stint.coach.tests import helpers as ch
from stint.coach.tests import letters as L

pytestmark = pytest.mark.django_db

RUBRIC = [
    {"criterion": "Research method", "weight": 2},
    {"criterion": "Clear writing", "weight": 1},
    {"criterion": "Timeliness", "weight": 1},
]


@pytest.fixture
def rejected(personas: Any) -> Any:
    project = ch.survey_project(rubric=RUBRIC, organization=personas.organization)
    application: Any = ApplicationFactory(
        project=project,
        talent=personas.talent,
        status=ApplicationStatus.REJECTED,
        rejection_reason="We chose someone with survey experience.",
    )
    for criterion, score in (("Research method", 2), ("Clear writing", 4), ("Timeliness", 2)):
        RubricScore.objects.create(application=application, criterion=criterion, score=score)
    return application


def feedback(client: Any, application: Any) -> Any:
    return client.get(f"applications/{application.pk}/feedback")


def test_rejected_applicant_sees_scores_reason_and_lowest_criteria(
    personas: Any, api_client_for: Any, rejected: Any
) -> None:
    response = feedback(api_client_for(personas.talent), rejected)
    assert response.status_code == 200
    body = response.json()
    assert body["decided"] is True
    assert body["reason"] == "We chose someone with survey experience."
    assert [(r["criterion"], r["score"]) for r in body["scores"]] == [
        ("Research method", 2),
        ("Clear writing", 4),
        ("Timeliness", 2),
    ]
    # Lowest first, the heavier of two equal scores first; a 4 is not listed.
    assert [i["criterion"] for i in body["improve"]] == ["Research method", "Timeliness"]
    assert "scored 2 of 5" in body["improve"][0]["suggestion"]


def test_hired_applicant_sees_scores_and_no_reason(personas: Any, api_client_for: Any) -> None:
    application: Any = ApplicationFactory(
        project=ch.survey_project(), talent=personas.talent, status=ApplicationStatus.OFFERED
    )
    RubricScore.objects.create(application=application, criterion="Research method", score=5)
    RubricScore.objects.create(application=application, criterion="Clear writing", score=4)
    body = feedback(api_client_for(personas.talent), application).json()
    assert body["decided"] is True and body["reason"] == ""
    assert [i["criterion"] for i in body["improve"]] == ["Clear writing"]


def test_unscored_decision_advises_from_the_letter(personas: Any, api_client_for: Any) -> None:
    application: Any = ApplicationFactory(
        project=ch.survey_project(),
        talent=personas.talent,
        status=ApplicationStatus.REJECTED,
        cover_letter="I like data. " * 30,
    )
    body = feedback(api_client_for(personas.talent), application).json()
    assert body["scored"] is False and body["improve_from_letter"] is True
    assert [i["criterion"] for i in body["improve"]] == ["Research method", "Clear writing"]


def test_before_a_decision_nothing_is_shown(personas: Any, api_client_for: Any) -> None:
    application: Any = ApplicationFactory(project=ch.survey_project(), talent=personas.talent, cover_letter=L.GOOD)
    RubricScore.objects.create(application=application, criterion="Research method", score=1)
    body = feedback(api_client_for(personas.talent), application).json()
    assert body["decided"] is False and body["scores"] == [] and body["improve"] == []


@pytest.mark.parametrize("persona", ["other_talent", "company_owner", "other_company_member", "advisor", "staff"])
def test_only_the_applicant_gets_feedback(personas: Any, api_client_for: Any, rejected: Any, persona: str) -> None:
    response = feedback(api_client_for(getattr(personas, persona)), rejected)
    assert response.status_code == 404
    assert "survey experience" not in response.content.decode()


def test_anonymous_gets_401(api_client_for: Any, rejected: Any) -> None:
    assert feedback(api_client_for(None), rejected).status_code == 401


def test_application_page_shows_the_feedback_to_the_applicant_only(personas: Any, client: Any, rejected: Any) -> None:
    client.force_login(personas.talent)
    page = client.get(f"/applications/{rejected.pk}/").content.decode()
    assert "Feedback from the company" in page
    assert "What to improve next time" in page
    assert "“Research method” scored 2 of 5" in page
    client.force_login(personas.company_owner)
    response = client.get(f"/applications/{rejected.pk}/")
    assert response.status_code == 200  # the company's own view of the application
    assert "Feedback from the company" not in response.content.decode()
