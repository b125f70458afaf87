"""The listing cache (``search_cache``): cached rankings, counts and facets are keyed on a version the
indexing cycle bumps, so publishing or closing a project shows up at once on every surface."""

from __future__ import annotations

import pytest

from stint.flows import publishing
from stint.matching.search_cache import listing_version
from stint.projects import services
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db

TITLE = "Quokka census for a wildlife charity"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.STINT_SEARCH_FACET_CACHE_SECONDS = 60  # the default, whatever the environment says


def _views(client) -> dict[str, tuple[int, bool]]:
    """(count, title shown) on each surface, browsing and searching."""
    out = {}
    for path in ("/api/v1/projects", "/api/v1/search/projects"):
        for params in ({}, {"q": "quokka"}):
            body = client.get(path, params).json()
            out[f"{path} {params}"] = (body["count"], TITLE in [i["title"] for i in body["items"]])
    for path in ("/projects/", "/search/"):
        for params in ({}, {"q": "quokka"}):
            html = client.get(path, params).content.decode()
            out[f"{path} {params}"] = (-1, TITLE in html)
    return out


@pytest.mark.parametrize("action", ["close", "cancel"])
def test_publish_and_close_show_up_at_once_despite_the_cache(
    personas, client, action, django_capture_on_commit_callbacks
):
    project = services.project_create(
        actor=personas.company_owner, organization=personas.organization, data=valid_data(title=TITLE)
    )
    before = _views(client)
    assert not any(shown for _, shown in before.values())
    assert _views(client) == before  # served from the cache now
    version = listing_version()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.project_publish(personas.company_owner, project)
    assert listing_version() != version
    published = _views(client)
    assert all(shown for _, shown in published.values()), published
    assert published["/api/v1/projects {}"][0] == before["/api/v1/projects {}"][0] + 1
    with django_capture_on_commit_callbacks(execute=True):
        getattr(publishing, f"project_{action}")(personas.company_owner, project, "Plans changed.")
    closed = _views(client)
    assert not any(shown for _, shown in closed.values()), closed
    assert closed == before


def test_a_cached_page_never_shows_a_project_closed_behind_the_indexs_back(personas, client, catalogue):
    """Even a change the index has not seen yet (a raw update, no signal) is dropped from a cached
    page: the cards are loaded with the live "listed" check on every request."""
    from stint.projects.models import Project

    first = client.get("/api/v1/projects").json()
    assert catalogue.market.title in [i["title"] for i in first["items"]]
    Project.objects.filter(pk=catalogue.market.pk).update(status="closed")
    again = client.get("/api/v1/projects").json()
    assert catalogue.market.title not in [i["title"] for i in again["items"]]
