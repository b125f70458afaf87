from __future__ import annotations

import pytest

from stint.core.testing.queries import assert_max_queries
from stint.matching.indexing import sweep_index
from stint.matching.search import SearchFilters, project_search
from stint.projects.models import Project
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory

pytestmark = pytest.mark.django_db


def test_search_endpoint_returns_items_count_and_facets(catalogue, api_client_for):
    response = api_client_for(None).get("search/projects", {"q": "python", "sort": "rate"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["id"] == str(catalogue.churn.pk)
    assert first["organization"] == {
        "id": str(catalogue.churn.organization_id),
        "name": "Acme Analytics",
        "verified": True,
    }
    assert first["category"] == {"slug": "data-analysis", "name": "Data analysis"}
    assert first["fee"] == {"amount_minor": 120_000, "currency": "USD"}
    assert first["hourly_rate"] == {"amount_minor": 4_000, "currency": "USD"}
    assert first["estimated_hours"] == 30
    assert {f["slug"]: f["count"] for f in body["facets"]["category"]} == {"data-analysis": 2}


def test_search_endpoint_takes_every_filter(catalogue, api_client_for):
    client = api_client_for(None)
    params = {
        "category": "data-analysis",
        "skills": "python",
        "min_fee": 10_000,
        "max_hours": 30,
        "min_hourly_rate": 3_500,
        "due_before": "2999-01-01",
        "timezone": "Europe/Paris",
        "verified_only": "true",
    }
    body = client.get("search/projects", params).json()
    assert [i["id"] for i in body["items"]] == [str(catalogue.churn.pk)]
    body = client.get("search/projects", {"hours": "up-to-10", "sort": "closing"}).json()
    assert [i["id"] for i in body["items"]] == [str(catalogue.logo.pk), str(catalogue.market.pk)]
    body = client.get(f"search/projects?skills={catalogue.figma.pk}&skills=python").json()
    assert body["count"] == 3


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"sort": "cheapest"}, "sort"),
        ({"max_hours": 99}, "max_hours"),
        ({"category": "not a slug!"}, "category"),
    ],
)
def test_search_endpoint_rejects_bad_parameters(catalogue, api_client_for, params, field):
    response = api_client_for(None).get("search/projects", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_search_parameters"
    assert field in [e["field"] for e in body["errors"]]


def test_search_endpoint_runs_a_bounded_number_of_queries(catalogue, api_client_for):
    for i in range(15):
        ProjectSkillFactory(project=ProjectFactory(title=f"Python task {i}", category=catalogue.data))
    from stint.matching.indexing import reindex_projects

    reindex_projects()
    client = api_client_for(None)
    for params in ({"q": "python"}, {}, {"q": "python", "category": "data-analysis", "skills": "python"}):
        with assert_max_queries(8):
            response = client.get("search/projects", {**params, "page_size": 20})
        assert response.status_code == 200
        assert len(response.json()["items"]) >= 1


def test_search_page_renders_results_facets_and_a_live_count(catalogue, client):
    response = client.get("/search/", {"q": "market"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Market research for a budgeting app" in html
    assert 'aria-live="polite"' in html
    assert "2 projects found" in html
    assert "Research (1)" in html
    assert 'hx-push-url="true"' in html


def test_search_page_htmx_request_gets_the_results_partial_with_out_of_band_facets(catalogue, client):
    response = client.get("/search/", {"q": "logo"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<h1>" not in html
    assert "Logo and brand refresh" in html
    assert 'hx-swap-oob="true"' in html
    assert "1 project found" in html


def test_search_page_shows_errors_on_bad_parameters(catalogue, client):
    response = client.get("/search/", {"timezone": "Nowhere/Land"})
    assert response.status_code == 200
    assert "Unknown time zone" in response.content.decode()


def test_search_page_runs_a_bounded_number_of_queries(catalogue, client):
    with assert_max_queries(8):
        response = client.get("/search/", {"q": "python", "sort": "newest"})
    assert response.status_code == 200


def test_search_page_paginates_with_links_that_keep_the_filters(catalogue, client):
    html = client.get("/search/", {"category": "data-analysis", "page_size": 1}).content.decode()
    assert "Page 1 of 2" in html
    assert "category=data-analysis&amp;page_size=1&amp;page=2" in html


def test_a_new_project_appears_after_its_indexing_cycle(catalogue, django_capture_on_commit_callbacks):
    def found():
        return project_search(q="zeppelin", filters=SearchFilters(), sort="best", page=1, page_size=10).ids_in_order

    with django_capture_on_commit_callbacks(execute=True):
        project = ProjectFactory(title="Zeppelin route planning", category=catalogue.research)
    assert found() == [project.pk]
    with django_capture_on_commit_callbacks(execute=True):
        project.visibility = "unlisted"
        project.save()
    assert found() == []


def test_a_skill_added_later_is_searchable_after_its_indexing_cycle(catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ProjectSkillFactory(project=catalogue.market, skill=catalogue.figma)
    result = project_search(q="figma", filters=SearchFilters(), sort="best", page=1, page_size=10)
    assert catalogue.market.pk in result.ids_in_order


def test_verifying_an_organization_reindexes_its_projects(catalogue, django_capture_on_commit_callbacks):
    org = catalogue.logo.organization
    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        org.verified_at = timezone.now()
        org.save()
    result = project_search(q="logo", filters=SearchFilters(verified_only=True), sort="best", page=1, page_size=10)
    assert result.ids_in_order == [catalogue.logo.pk]


def test_the_sweep_indexes_projects_published_with_a_queryset_update(catalogue):
    draft = catalogue.draft
    Project.objects.filter(pk=draft.pk).update(status="open")
    Project.objects.filter(pk=catalogue.market.pk).update(status="closed")
    outcome = sweep_index()
    assert outcome["added"] == 1 and outcome["removed"] == 1
    assert (
        draft.pk in project_search(q="draft", filters=SearchFilters(), sort="best", page=1, page_size=10).ids_in_order
    )
