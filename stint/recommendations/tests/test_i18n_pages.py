"""Recommendations in Spanish and French (docs/i18n.md): the page, the home list, the reasons (built
in Python from named placeholders), the API's reasons and errors. Recommendations send no
notifications."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.i18n import database_texts, main_html, untranslated
from stint.recommendations.ranking import rank_applicants
from stint.recommendations.recommender import recommend_projects_for_talent
from stint.recommendations.tests import helpers as h

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


@pytest.fixture
def analyst(personas: Any) -> dict[str, Any]:
    python, sql, stats, charts = (h.skill(s) for s in ("python", "sql", "statistics", "data-visualisation"))
    profile = h.talent_profile(
        personas.talent,
        {python: 4, sql: 3, stats: 2},
        career_goals="I want to become a data analyst in the energy sector.",
        target_roles=["Data analyst"],
        interests=["data-analysis"],
        weekly_hours=12,
    )
    project = h.project(
        [(python, True, 3), (sql, True, 3), (stats, True, 4), (charts, False, 2)],
        title="Analyse energy consumption data",
        summary="Clean and analyse a year of smart meter readings and chart the trends.",
        description="Use Python and SQL to clean the data, compute statistics and build charts.",
        fee_minor=52_000,
        estimated_hours=20,
    )
    return {"profile": profile, "project": project, "skills": (python, sql, stats, charts)}


def _compare(responses: dict[str, Any]) -> None:
    assert {r.status_code for r in responses.values()} == {200}
    data = database_texts()
    english = main_html(responses["en"].content.decode())
    for language in LANGUAGES:
        assert responses[language].headers["Content-Language"] == language
        left = untranslated(english, main_html(responses[language].content.decode()), data=data)
        assert left == [], (language, left)


def _get(client: Any, url: str) -> dict[str, Any]:
    return {language: client.get(url, HTTP_ACCEPT_LANGUAGE=language) for language in ("en", *LANGUAGES)}


def test_recommendations_page(client, personas, analyst):
    client.force_login(personas.talent)
    responses = _get(client, "/recommendations/")
    assert "Analyse energy consumption data" in responses["es"].content.decode()
    assert "Paga 26 USD por hora" in responses["es"].content.decode()
    _compare(responses)


def test_recommendations_page_with_nothing_to_recommend(client, personas):
    client.force_login(personas.talent)
    responses = _get(client, "/recommendations/")
    assert "Aún no hay recomendaciones." in responses["es"].content.decode()
    _compare(responses)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_list_fragment(personas, analyst, language):
    template = Template("{% load recommendation_tags %}{% recommended_projects user %}")
    english = template.render(Context({"user": personas.talent}))
    with translation.override(language):
        other = template.render(Context({"user": personas.talent}))
    assert "Recommended for you" in english
    assert untranslated(english, other, data=database_texts()) == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            [
                "Tienes 3 de sus 4 competencias",
                "Cerca de tu objetivo de llegar a ser data analyst",
                "Cabe en tus 12 horas libres semanales antes de la fecha de entrega",
                "Paga 26 USD por hora",
                "En Data Analysis, uno de tus intereses",
            ],
        ),
        (
            "fr",
            [
                "Vous avez 3 de ses 4 compétences",
                "Proche de votre objectif de devenir data analyst",
                "Tient dans vos 12 heures libres par semaine avant la date de remise",
                "Paie 26 USD de l’heure",
                "En Data Analysis, l’un de vos centres d’intérêt",
            ],
        ),
    ],
)
def test_reasons_are_written_in_the_active_language(personas, analyst, language, expected):
    with translation.override(language):
        recs = recommend_projects_for_talent(personas.talent)
    reasons = recs[0].reasons
    for sentence in expected:
        assert sentence in reasons, (sentence, reasons)


def test_applicant_reasons_are_written_in_the_active_language(personas, analyst):
    python, sql, _stats, _charts = analyst["skills"]
    project = h.project(
        [(python, True, 3), (sql, True, 3)], organization=personas.organization, title="Chart meter readings"
    )
    application = ApplicationFactory(project=project, talent=personas.talent)
    with translation.override("fr"):
        ranked = rank_applicants(project, [application])
    _app, _score, reasons = ranked[0]
    assert "A 2 des 2 compétences du projet" in reasons
    assert "Souhaite devenir data analyst, un objectif proche de ce projet" in reasons


def test_api_reasons_follow_accept_language(personas, api_client_for, analyst):
    client = api_client_for(personas.talent)
    body = client.get("me/recommendations", headers={"Accept-Language": "es"}).json()
    assert "Paga 26 USD por hora" in body[0]["reasons"]


def test_api_error_is_translated_and_its_code_is_not(personas, api_client_for):
    client = api_client_for(personas.company_owner)
    english = client.get("me/recommendations", headers={"Accept-Language": "en"})
    spanish = client.get("me/recommendations", headers={"Accept-Language": "es"})
    assert english.status_code == spanish.status_code == 403
    assert english.json()["code"] == spanish.json()["code"] == "talent_role_required"
    assert spanish.json()["detail"] == "Las recomendaciones son para cuentas de talento."
    with translation.override("es"):
        assert spanish.json()["title"] == translation.gettext("You are not allowed to do this")
