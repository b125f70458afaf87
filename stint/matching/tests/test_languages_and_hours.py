"""Project language and working hours in search: the language filter, stemming per language on
PostgreSQL (a neutral tokenizer on SQLite), and "fits my working hours" (docs/search.md)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from stint.core.timezones import WorkWindow
from stint.matching.indexing import reindex_projects
from stint.matching.search import SearchFilters, project_search
from stint.matching.search_filters import fits_working_hours_q, listed_documents
from stint.matching.tests.conftest import Catalogue
from stint.projects.models import Project
from stint.projects.tests.factories import ProjectFactory
from stint.talent.models import TalentProfile

pytestmark = pytest.mark.django_db


def _ids(q: str = "", **filters) -> set:
    result = project_search(q=q, filters=SearchFilters(**filters), sort="best", page=1, page_size=50)
    return {str(i) for i in result.ids_in_order}


@pytest.fixture
def languages(catalogue: Catalogue) -> Any:
    catalogue_: Any = catalogue
    now = timezone.now()
    common = {"published_at": now, "application_deadline": now + datetime.timedelta(days=5)}
    catalogue_.berlin = ProjectFactory(
        title="Marktanalysen für Fahrräder",
        summary="Wir analysieren den Markt.",
        description="Kundenbefragungen und Berichte.",
        category=catalogue.research,
        time_zone="Europe/Berlin",
        language="de",
        overlap_hours=2,
        overlap_start=datetime.time(14),
        overlap_end=datetime.time(18),
        **common,
    )
    catalogue_.sao_paulo = ProjectFactory(
        title="Pesquisas de mercado para cafeterias",
        summary="Entrevistas com clientes.",
        description="Relatórios semanais.",
        category=catalogue.research,
        time_zone="America/Sao_Paulo",
        language="pt",
        **common,
    )
    catalogue_.english = ProjectFactory(
        title="Running surveys for a gym",
        summary="Survey the members.",
        description="Reports on running clubs.",
        category=catalogue.research,
        time_zone="Africa/Lagos",
        language="en",
        overlap_hours=3,
        overlap_start=datetime.time(9),
        overlap_end=datetime.time(13),
        **common,
    )
    reindex_projects()
    return catalogue


def test_the_language_filter_keeps_only_that_language(languages):
    assert {str(i) for i in _ids(language="de")} == {str(languages.berlin.pk)}
    assert {str(i) for i in _ids(language="pt")} == {str(languages.sao_paulo.pk)}
    # The catalogue's projects are English by default.
    assert str(languages.market.pk) in {str(i) for i in _ids(language="en")}


def test_the_documents_carry_the_language_and_its_search_configuration(languages):
    doc = listed_documents().get(project=languages.berlin)
    assert (doc.language, doc.search_config, doc.timezone) == ("de", "german", "Europe/Berlin")
    assert listed_documents().get(project=languages.sao_paulo).search_config == "portuguese"


def test_whole_words_match_in_every_language_on_both_engines(languages):
    assert {str(i) for i in _ids("marktanalysen")} == {str(languages.berlin.pk)}
    assert {str(i) for i in _ids("cafeterias")} == {str(languages.sao_paulo.pk)}
    assert {str(i) for i in _ids("pesquisa")} == {str(languages.sao_paulo.pk)}  # a prefix as typed


@pytest.mark.sqlite
def test_sqlite_does_not_stem(languages):
    """FTS5's unicode61 tokenizer is the same for every language: an inflected form that is not a
    prefix of the indexed word does not match (documented in docs/search.md)."""
    assert _ids("marktanalyse fahrrad") == set()
    assert str(languages.english.pk) not in {str(i) for i in _ids("runs gym")}


@pytest.mark.postgres
def test_postgres_stems_each_project_in_its_own_language(languages):
    # German: "Marktanalyse" and "Fahrrad" find "Marktanalysen für Fahrräder".
    assert {str(i) for i in _ids("marktanalyse fahrrad")} == {str(languages.berlin.pk)}
    # Portuguese: "pesquisa" / "cafeteria" singular.
    assert {str(i) for i in _ids("cafeteria pesquisa")} == {str(languages.sao_paulo.pk)}
    # English: "runs" is stemmed to "run", which "Running" is stemmed to as well.
    assert str(languages.english.pk) in {str(i) for i in _ids("runs gym")}


@pytest.mark.postgres
def test_postgres_does_not_stem_a_project_with_another_languages_rules(languages):
    """The German row is not matched by English stemming of its words (per-row configuration)."""
    Project.objects.filter(pk=languages.berlin.pk).update(language="en")
    reindex_projects([languages.berlin.pk])
    assert _ids("marktanalyse fahrrad") == set()


def test_fits_working_hours_keeps_projects_the_talent_overlaps(languages):
    winter = datetime.date(2027, 1, 12)
    lagos_mornings = WorkWindow(datetime.time(8), datetime.time(12), "Africa/Lagos")
    q = fits_working_hours_q(lagos_mornings, on=winter)
    kept = {str(p) for p in listed_documents().filter(q).values_list("project_id", flat=True)}
    # Berlin needs 2 h in 14:00–18:00 Berlin (13–17 UTC): Lagos mornings (7–11 UTC) do not give it.
    assert str(languages.berlin.pk) not in kept
    # Lagos needs 3 h in 09:00–13:00 Lagos: 09:00–12:00 overlaps 3 h.
    assert str(languages.english.pk) in kept
    # Projects stating no overlap are always kept.
    assert str(languages.sao_paulo.pk) in kept
    sao_paulo_days = WorkWindow(datetime.time(9), datetime.time(17), "America/Sao_Paulo")
    kept = {
        str(p)
        for p in listed_documents()
        .filter(fits_working_hours_q(sao_paulo_days, on=winter))
        .values_list("project_id", flat=True)
    }
    assert str(languages.berlin.pk) in kept  # 12–20 UTC covers 13–15 UTC
    assert str(languages.english.pk) not in kept  # 8–12 UTC needed, 12:00 onwards given


def test_search_api_filters_by_language_and_working_hours(languages, personas, api_client_for):
    api = api_client_for(personas.talent)
    body = api.get("search/projects", {"language": "de"}).json()
    assert [item["id"] for item in body["items"]] == [str(languages.berlin.pk)]
    listed = api.get("projects", {"language": "pt"}).json()
    assert [item["id"] for item in listed["items"]] == [str(languages.sao_paulo.pk)]
    assert listed["items"][0]["language"] == "pt"
    refused = api.get("search/projects", {"fits_working_hours": "true"})
    assert refused.status_code == 422  # no working hours stated yet
    assert refused.json()["code"] == "invalid_search_parameters"
    TalentProfile.objects.update_or_create(
        user=personas.talent,
        defaults={"timezone": "Africa/Lagos", "work_start": datetime.time(8), "work_end": datetime.time(12)},
    )
    ids = {item["id"] for item in api.get("projects", {"fits_working_hours": "true"}).json()["items"]}
    assert str(languages.berlin.pk) not in ids and str(languages.english.pk) in ids
    assert api.get("search/projects", {"language": "zz"}).status_code == 422


def test_pages_filter_by_language(languages, client):
    page = client.get("/search/", {"language": "de"})
    assert page.status_code == 200
    assert languages.berlin.title in page.content.decode()
    assert languages.sao_paulo.title not in page.content.decode()
    listing = client.get("/projects/", {"language": "pt"})
    assert listing.status_code == 200
    assert languages.sao_paulo.title in listing.content.decode()
    assert languages.berlin.title not in listing.content.decode()


def test_fits_my_working_hours_pages_are_never_shared_between_talent(languages, personas, client):
    """Two talent with different hours asking the same URL each get their own cards."""
    TalentProfile.objects.update_or_create(
        user=personas.talent,
        defaults={"timezone": "Africa/Lagos", "work_start": datetime.time(8), "work_end": datetime.time(12)},
    )
    TalentProfile.objects.update_or_create(
        user=personas.other_talent,
        defaults={"timezone": "America/Sao_Paulo", "work_start": datetime.time(9), "work_end": datetime.time(17)},
    )
    client.force_login(personas.talent)
    mornings = client.get("/search/", {"fits_working_hours": "on"}).content.decode()
    client.force_login(personas.other_talent)
    afternoons = client.get("/search/", {"fits_working_hours": "on"}).content.decode()
    assert languages.berlin.title not in mornings
    assert languages.berlin.title in afternoons
