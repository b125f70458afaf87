"""The coach in Spanish and French (docs/i18n.md): the advice (htmx fragment and the apply page
without JavaScript), the findings and suggestions built in Python from named placeholders, the
honest-odds band, the feedback after a decision, and the API's errors. The coach sends no
notifications."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from stint.applications.choices import ApplicationStatus
from stint.applications.models import RubricScore
from stint.applications.tests.factories import ApplicationFactory
from stint.coach import checks as c
from stint.coach.odds import band_for
from stint.coach.tests import helpers as ch
from stint.coach.tests import letters as L
from stint.core.testing.i18n import database_texts, untranslated
from stint.recommendations.tests import helpers as h

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


@pytest.fixture
def project(personas: Any) -> Any:
    h.talent_profile(personas.talent, {}, weekly_hours=12)
    project = ch.survey_project()
    ch.applicants(project, 5)
    return project


def _data(posted: dict[str, str]) -> set[str]:
    texts = set(database_texts())
    texts.update(v for v in posted.values() if v)
    texts.update([L.QUESTION, *(str(r["criterion"]) for r in L.RUBRIC)])
    return texts


def _advice(html: str) -> str:
    match = re.search(r'<section class="coach-advice".*?</section>', html, flags=re.DOTALL)
    assert match, "no advice on the page"
    return match.group(0)


@pytest.mark.parametrize(
    "posted",
    [
        {"cover_letter": L.NO_SKILL, "answer_0": "", "links": ""},
        {"cover_letter": L.GOOD, "answer_0": L.GOOD_ANSWER, "links": "https://github.com/me/survey"},
        {"cover_letter": "Too short.", "answer_0": "Yes.", "links": "not a link"},
    ],
)
def test_advice_fragment(personas, client, project, posted):
    client.force_login(personas.talent)
    url = f"/coach/check/{project.pk}/"
    pages = {
        language: client.post(url, posted, headers={"HX-Request": "true"}, HTTP_ACCEPT_LANGUAGE=language)
        for language in ("en", *LANGUAGES)
    }
    assert {p.status_code for p in pages.values()} == {200}
    english = pages["en"].content.decode()
    for language in LANGUAGES:
        left = untranslated(english, pages[language].content.decode(), data=_data(posted))
        assert left == [], (language, left)


def test_advice_on_the_apply_page_without_javascript(personas, client, project):
    client.force_login(personas.talent)
    posted = {"cover_letter": L.NO_SKILL, "answer_0": "", "links": ""}
    url = f"/coach/check/{project.pk}/"
    english = _advice(client.post(url, posted, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    for language in LANGUAGES:
        other = _advice(client.post(url, posted, HTTP_ACCEPT_LANGUAGE=language).content.decode())
        assert untranslated(english, other, data=_data(posted)) == [], language
    spanish = _advice(client.post(url, posted, HTTP_ACCEPT_LANGUAGE="es").content.decode())
    assert "Hay que corregir:" in spanish
    assert "El proyecto requiere Python; tu carta no lo menciona." in spanish


def test_already_applied_message_is_translated(personas, client, project):
    ApplicationFactory(project=project, talent=personas.talent)
    client.force_login(personas.talent)
    response = client.post(f"/coach/check/{project.pk}/", {"cover_letter": "x"}, HTTP_ACCEPT_LANGUAGE="fr", follow=True)
    assert "Vous avez déjà postulé à ce projet." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", "La carta tiene 2 palabras."),
        ("fr", "La lettre compte 2 mots."),
    ],
)
def test_findings_are_written_in_the_active_language(language, expected):
    letter = c.Letter(cover_letter="Hello there")
    with translation.override(language):
        _summary, findings = c.check_length(c.Letter(cover_letter="x" * 300 + " y"), min_chars=10)
        _rows, skill_findings = c.check_skills(letter, [c.SkillTerms("SQL", ("sql",))])
    assert findings[0].code == "letter_short"
    assert findings[0].message == expected
    assert skill_findings[0].code == "skill_not_addressed"
    assert "SQL" in skill_findings[0].message and "The project requires" not in skill_findings[0].message


def test_odds_band_follows_the_language():
    with translation.override("fr"):
        assert band_for(0, 8) == ("top_quarter", "dans le premier quart")
    assert band_for(0, 8) == ("top_quarter", "in the top quarter")


@pytest.fixture
def rejected(personas: Any) -> Any:
    project = ch.survey_project(rubric=L.RUBRIC, organization=personas.organization)
    application: Any = ApplicationFactory(
        project=project,
        talent=personas.talent,
        status=ApplicationStatus.REJECTED,
        rejection_reason="We chose someone with survey experience.",
    )
    RubricScore.objects.create(application=application, criterion="Research method", score=2)
    return application


def test_feedback_fragment(rejected):
    template = Template("{% load coach_tags %}{% application_feedback application 'talent' %}")
    english = template.render(Context({"application": rejected}))
    assert "What to improve next time" in english
    for language in LANGUAGES:
        with translation.override(language):
            other = template.render(Context({"application": rejected}))
        assert untranslated(english, other, data=_data({})) == [], language
    with translation.override("es"):
        spanish = template.render(Context({"application": rejected}))
    assert "«Research method» obtuvo 2 de 5 (peso 2)." in spanish


def test_api_findings_and_error_follow_accept_language(personas, api_client_for, project):
    talent = api_client_for(personas.talent)
    body = talent.post(
        f"projects/{project.pk}/applications/check", ch.body(answers=[""]), headers={"Accept-Language": "fr"}
    ).json()
    unanswered = next(f for f in body["findings"] if f["code"] == "question_unanswered")
    assert unanswered["message"].startswith("La question 1 n’a pas de réponse")

    company = api_client_for(personas.company_owner)
    url = f"projects/{project.pk}/applications/check"
    english = company.post(url, ch.body(), headers={"Accept-Language": "en"})
    spanish = company.post(url, ch.body(), headers={"Accept-Language": "es"})
    assert english.status_code == spanish.status_code == 403
    assert english.json()["code"] == spanish.json()["code"] == "talent_role_required"
    assert spanish.json()["detail"] == "Solo las cuentas de talento pueden postularse a proyectos."
    with translation.override("es"):
        assert spanish.json()["title"] == translation.gettext("You are not allowed to do this")
