"""The "Check my application" button: without JS (the form again, text kept) and with htmx."""

from __future__ import annotations

from typing import Any

import pytest

from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.coach.tests import helpers as ch
from stint.coach.tests import letters as L
from stint.recommendations.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas: Any) -> Any:
    h.talent_profile(personas.talent, {}, weekly_hours=12)
    return ch.survey_project()


def form_data(letter: str = L.NO_SKILL, answer: str = "") -> dict[str, str]:
    return {"cover_letter": letter, "answer_0": answer, "links": ""}


def test_apply_form_has_the_check_button(personas: Any, client: Any, project: Any) -> None:
    client.force_login(personas.talent)
    page = client.get(f"/applications/apply/{project.pk}/").content.decode()
    assert "Check my application" in page
    assert f'formaction="/coach/check/{project.pk}/"' in page
    assert 'id="coach-advice"' in page


def test_check_without_js_keeps_the_text_and_shows_advice(personas: Any, client: Any, project: Any) -> None:
    client.force_login(personas.talent)
    before = Application.objects.count()
    response = client.post(f"/coach/check/{project.pk}/", form_data())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Advice on your application" in page
    assert 'data-code="skill_not_addressed"' in page
    assert 'data-code="question_unanswered"' in page
    assert "Must fix" in page
    assert "I would like to run the customer survey" in page  # the letter is kept in the textarea
    assert f'action="/applications/apply/{project.pk}/"' in page  # sending still goes to the apply view
    assert "This field is required" not in page
    assert Application.objects.count() == before


def test_check_with_htmx_returns_only_the_advice(personas: Any, client: Any, project: Any) -> None:
    client.force_login(personas.talent)
    response = client.post(
        f"/coach/check/{project.pk}/", form_data(L.GOOD, L.GOOD_ANSWER), headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<form" not in page and "<html" not in page
    assert "Advice on your application" in page
    assert "data-code=" not in page  # the good letter: nothing to fix
    assert "Every check passed" in page
    assert "Nothing stops this application from being sent" in page


def test_refusals(personas: Any, client: Any, project: Any) -> None:
    url = f"/coach/check/{project.pk}/"
    response = client.post(url, form_data())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(personas.company_owner)
    assert client.post(url, form_data()).status_code == 403
    client.force_login(personas.talent)
    assert client.get(url).status_code == 405
    mine: Any = ApplicationFactory(project=project, talent=personas.talent)
    response = client.post(url, form_data())
    assert response.status_code == 302 and str(mine.pk) in response["Location"]


def test_other_applicants_letters_never_appear(personas: Any, client: Any, project: Any) -> None:
    others = ch.applicants(project, 5, letter="Confidential letter of someone else ")
    client.force_login(personas.talent)
    page = client.post(f"/coach/check/{project.pk}/", form_data(L.GOOD, L.GOOD_ANSWER)).content.decode()
    assert "Confidential letter" not in page
    for other in others:
        assert other.talent.name not in page
    assert "5 applications received so far for 1 opening" in page
    assert "</strong> of the 6 current applicants" in page
