"""One listing engine: ``/projects/``, ``/search/`` and ``GET /api/v1/projects`` (and
``GET /api/v1/search/projects``) list the same projects for the same filter, with one definition of
"listed" (a project past its application deadline is listed nowhere), one sort vocabulary and
money typed in currency units."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stint.core.testing.factories import TalentFactory
from stint.core.testing.queries import assert_max_queries
from stint.matching.indexing import reindex_projects
from stint.planner.selectors import capacity_check
from stint.projects.models import Project
from stint.projects.tests.factories import ProjectFactory
from stint.talent.tests.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db

ID = re.compile(r'href="/projects/([0-9a-f-]{36})/"')


def _page_ids(client, path: str, params: dict) -> list[str]:
    response = client.get(path, params)
    assert response.status_code == 200
    return list(dict.fromkeys(ID.findall(response.content.decode())))


def _api_ids(client, path: str, params: dict) -> list[str]:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return [str(item["id"]) for item in response.json()["items"]]


def _surfaces(client, api, params: dict) -> dict[str, list[str]]:
    # /projects/ calls the pay filter ``min_hourly_rate`` (in units, as it always has).
    page_params = {("min_hourly_rate" if k == "min_rate" else k): v for k, v in params.items()}
    return {
        "/projects/": _page_ids(client, "/projects/", page_params),
        "/search/": _page_ids(client, "/search/", params),
        "GET /projects": _api_ids(api, "projects", params),
        "GET /search/projects": _api_ids(api, "search/projects", params),
    }


def test_a_project_past_its_deadline_is_listed_nowhere(catalogue, client, api_client_for):
    Project.objects.filter(pk=catalogue.logo.pk).update(application_deadline=timezone.now() - datetime.timedelta(1))
    reindex_projects()  # its document is current: the deadline is compared when listing
    api = api_client_for(None)
    for name, ids in _surfaces(client, api, {}).items():
        assert str(catalogue.logo.pk) not in ids, name
        assert str(catalogue.market.pk) in ids, name
    for name, ids in _surfaces(client, api, {"q": "logo"}).items():
        assert ids == [], name
    assert "Logo and brand refresh" not in client.get("/projects/", {"q": "logo"}).content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "newest"},
        {"sort": "closing"},
        {"sort": "rate"},
        {"q": "market"},
        {"q": "market", "sort": "newest"},
        {"category": "data-analysis"},
        {"max_hours": "10"},
        {"min_rate": "30"},
        {"q": "market", "max_hours": "10"},
    ],
)
def test_the_same_filter_gives_the_same_ids_on_every_surface(catalogue, client, api_client_for, params):
    surfaces = _surfaces(client, api_client_for(None), params)
    first = surfaces["GET /search/projects"]
    assert first, params  # every case has results
    assert all(ids == first for ids in surfaces.values()), surfaces


def test_the_api_list_keeps_its_older_sort_names(catalogue, api_client_for):
    api = api_client_for(None)
    assert _api_ids(api, "projects", {"sort": "closing_soon"}) == _api_ids(api, "projects", {"sort": "closing"})
    assert _api_ids(api, "projects", {"sort": "hourly_rate"}) == _api_ids(api, "projects", {"sort": "rate"})
    assert api.get("projects", {"sort": "random"}).status_code == 422


def test_fits_my_free_hours_on_the_project_list(catalogue, client):
    talent = TalentFactory(email="busy-list@example.test")
    TalentProfileFactory(user=talent, weekly_hours=5)
    listed = [catalogue.market, catalogue.dashboard, catalogue.churn, catalogue.logo]
    fitting = {str(p.pk) for p in listed if not capacity_check(talent, p)}
    assert fitting and fitting != {str(p.pk) for p in listed}
    client.force_login(talent)
    assert 'name="fits_free_hours"' in client.get("/projects/").content.decode()
    assert set(_page_ids(client, "/projects/", {"fits_free_hours": "on"})) == fitting
    assert set(_page_ids(client, "/projects/", {"fits_free_hours": "on"})) == set(
        _page_ids(client, "/search/", {"fits_free_hours": "on"})
    )


def test_fits_my_free_hours_on_the_project_list_is_for_talent(catalogue, client, personas):
    client.force_login(personas.company_owner)
    response = client.get("/projects/", {"fits_free_hours": "on"})
    assert response.status_code == 200
    assert 'name="fits_free_hours"' not in response.content.decode()
    assert "Only for signed-in talent." in response.content.decode()


def test_a_bad_filter_on_the_list_is_a_form_error_not_a_500(catalogue, client):
    response = client.get("/projects/", {"min_hourly_rate": "-3", "organization": "nope"})
    assert response.status_code == 200
    assert ID.findall(response.content.decode()) == []


@pytest.mark.parametrize("path", ["/projects/", "/search/"])
def test_list_pages_run_a_bounded_number_of_queries(path, client, personas):
    for i in range(30):
        ProjectFactory(organization=personas.organization, title=f"Bounded {i}")
    reindex_projects()
    client.get(path)
    # Warm and anonymous: the whole page is cached.
    with assert_max_queries(0):
        assert client.get(path).status_code == 200
    client.force_login(personas.talent)
    # Signed in, uncached: session and user (2), the form's categories (1, /projects/), the text
    # search (1), category names of the facets (1), the cards (1), the menu's unread counts (2).
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, {"q": "bounded", "page": 2}).status_code == 200
    assert len(_statements(ctx)) <= 8, _statements(ctx)
    # Signed in, warm: the ranking is cached; the search statement is gone.
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, {"q": "bounded", "page": 2}).status_code == 200
    assert len(_statements(ctx)) <= 6, _statements(ctx)


def _statements(ctx: CaptureQueriesContext) -> list[str]:
    """The queries, without PostgreSQL's savepoints and ``SET LOCAL statement_timeout`` around a search."""
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE", "SET "))]
