"""``GET /projects?q=`` is answered by the search engine (stint.matching), best match first."""

from __future__ import annotations

import pytest

from stint.matching.indexing import index_project
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _project(title, **kw):
    project = ProjectFactory(title=title, **kw)
    index_project(project.pk)
    return project


def test_a_query_finds_projects_by_their_words_best_match_first(api_client_for):
    survey = _project("Volunteer survey analysis", summary="Analyse a volunteer survey.")
    _project("Logo refresh", summary="Redesign a logo.")
    other = _project("Market sizing", summary="A short survey of the market.")
    response = api_client_for(None).get("projects", {"q": "survey"})
    assert response.status_code == 200, response.content
    ids = [item["id"] for item in response.json()["items"]]
    assert set(ids) == {str(survey.pk), str(other.pk)}
    assert ids[0] == str(survey.pk)  # in the title: ranked first
    assert response.json()["count"] == 2


def test_a_query_never_returns_closed_or_unlisted_projects(api_client_for):
    _project("Survey one", status="closed")
    _project("Survey two", visibility="unlisted")
    visible = _project("Survey three")
    response = api_client_for(None).get("projects", {"q": "survey"})
    assert [item["id"] for item in response.json()["items"]] == [str(visible.pk)]


def test_query_with_sort_by_hourly_rate(api_client_for):
    low = _project("Survey low", fee_minor=50_000)
    high = _project("Survey high", fee_minor=80_000)
    response = api_client_for(None).get("projects", {"q": "survey", "sort": "hourly_rate"})
    assert [item["id"] for item in response.json()["items"]] == [str(high.pk), str(low.pk)]


def test_unsafe_query_text_is_harmless(api_client_for):
    _project("Survey")
    for q in ['"', "NEAR(", "survey OR", "-*", "a:b"]:
        assert api_client_for(None).get("projects", {"q": q}).status_code == 200
