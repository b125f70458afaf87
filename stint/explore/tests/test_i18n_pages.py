"""The explore pages in Spanish and French (docs/i18n.md): the index, a field, an occupation and
the career path, per persona that sees something different; chart titles and week labels are
written in the page's language; API errors keep their code. Explore sends no notifications."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from stint.core.testing.i18n import database_texts, main_html, untranslated
from stint.credentials.models import Endorsement
from stint.explore.stats import WeekBucket
from stint.payments.tests.factories import engagement_for
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentSkill
from stint.talent.tests.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")
# Pico styles ``<nav aria-label="breadcrumb">`` by this exact value, so the attribute stays as is.
PICO_HOOKS = ("breadcrumb",)


@pytest.fixture
def world(personas: Any, occupation: Any, fixed_skills: Any) -> dict[str, Any]:
    category = CategoryFactory(slug="data-analysis", name="Data analysis")
    sql, stats, viz = (SkillFactory(label=x) for x in ("SQL", "Statistics", "Data visualisation"))
    fixed_skills([sql, stats, viz])
    for fee, currency in ((50_000, "USD"), (60_000, "USD"), (40_000, "EUR")):
        project = ProjectFactory(category=category, fee_minor=fee, currency=currency, title=f"Study {fee}")
        ProjectSkillFactory(project=project, skill=sql)
        ProjectSkillFactory(project=project, skill=viz)
    talent = personas.talent
    profile = TalentProfileFactory(user=talent, target_roles=["Data analyst"])
    TalentSkill.objects.create(profile=profile, skill=stats, level=4)
    TalentSkill.objects.create(profile=profile, skill=sql, level=2)
    approved = engagement_for(ProjectFactory(category=category), talent=talent, status="approved")
    Endorsement.objects.create(engagement=approved, talent=talent, skill=sql, level=4)
    return {"category": category, "occupation": occupation}


def _chart_description(text: str, data: frozenset[str] | set[str]) -> bool:
    """A bar chart's ``<desc>``: only "label: number." pairs, every label stored data."""
    pairs = re.findall(r"(.+?): [\d.,]+\.(?: |$)", text)
    whole = " ".join(f"{label}: " for label in pairs)
    return bool(pairs) and len(whole) <= len(text) and all(label.strip() in data for label in pairs)


def _client(personas: Any, persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))
    return client


def _assert_translated(client: Client, url: str) -> dict[str, str]:
    pages = {}
    for language in ("en", *LANGUAGES):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, (url, language, response.status_code)
        pages[language] = response.content.decode()
    stored = database_texts()
    data = stored | {text[:1].upper() + text[1:] for text in stored}  # ``|capfirst`` labels
    for language in LANGUAGES:
        left = untranslated(main_html(pages["en"]), main_html(pages[language]), data=data, allow=PICO_HOOKS)
        left = [text for text in left if not _chart_description(text, data)]
        assert left == [], (url, language, left)
    return pages


@pytest.mark.parametrize("persona", ["anonymous", "talent", "company_owner"])
def test_index(personas, world, persona):
    _assert_translated(_client(personas, persona), "/explore/")


def test_index_with_an_occupation_search(personas, world):
    _assert_translated(_client(personas, "anonymous"), "/explore/?q=data+analyst")
    _assert_translated(_client(personas, "anonymous"), "/explore/?q=zzzz")


@pytest.mark.parametrize("persona", ["anonymous", "talent"])
def test_field_page(personas, world, persona):
    pages = _assert_translated(_client(personas, persona), "/explore/fields/data-analysis/")
    assert "Proyectos publicados por semana (últimas 12 semanas)" in pages["es"]
    assert "Semaine du" in pages["fr"]


def test_empty_field_page(personas, world):
    CategoryFactory(slug="translation", name="Translation")
    _assert_translated(_client(personas, "anonymous"), "/explore/fields/translation/")


@pytest.mark.parametrize("persona", ["anonymous", "talent"])
def test_occupation_page(personas, world, persona):
    _assert_translated(_client(personas, persona), f"/explore/occupations/{world['occupation'].pk}/")


def test_career_path_pages(personas, world):
    client = _client(personas, "talent")
    _assert_translated(client, "/explore/path/")
    _assert_translated(client, "/explore/path/?q=data+analyst")
    pages = _assert_translated(client, f"/explore/path/?occupation={world['occupation'].pk}")
    assert "Verificada" in pages["es"] and "Déclarée sur votre profil" in pages["fr"]
    _assert_translated(client, "/explore/path/?occupation=nope")


def test_week_labels_follow_the_language():
    import datetime

    week = WeekBucket(datetime.date(2026, 12, 7), 3)
    with translation.override("fr"):
        assert "déc" in week.label
    with translation.override("es"):
        assert "dic" in week.label


def test_api_error_is_translated_and_its_code_is_not(personas, api_client_for):
    client = api_client_for(personas.company_owner)
    english = client.get("me/explore/path?occupation=x", headers={"Accept-Language": "en"})
    spanish = client.get("me/explore/path?occupation=x", headers={"Accept-Language": "es"})
    assert english.status_code == spanish.status_code == 403
    assert english.json()["code"] == spanish.json()["code"] == "talent_role_required"
    assert spanish.json()["detail"] == "Las trayectorias profesionales son para cuentas de talento."
    with translation.override("es"):
        assert spanish.json()["title"] == translation.gettext("You are not allowed to do this")


def test_api_not_found_is_translated(api_client_for, personas, world):
    client = api_client_for(personas.talent)
    french = client.get("explore/fields/nope", headers={"Accept-Language": "fr"})
    assert french.status_code == 404
    assert french.json()["code"] == "field_not_found"
    assert french.json()["detail"] == "Domaine introuvable."
