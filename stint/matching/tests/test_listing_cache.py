"""The listing cache (``search_cache``): cached rankings, counts and facets are keyed on a version the
indexing cycle bumps, so publishing or closing a project shows up at once on every surface."""

from __future__ import annotations

import re

import pytest

from stint.flows import publishing
from stint.matching.indexing import sweep_index
from stint.matching.search_cache import listing_version
from stint.projects import services
from stint.projects.models import Project
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
        publishing.project_publish(actor=personas.company_owner, project=project)
    assert listing_version() != version
    published = _views(client)
    assert all(shown for _, shown in published.values()), published
    assert published["/api/v1/projects {}"][0] == before["/api/v1/projects {}"][0] + 1
    with django_capture_on_commit_callbacks(execute=True):
        getattr(publishing, f"project_{action}")(actor=personas.company_owner, project=project, reason="Plans changed.")
    closed = _views(client)
    assert not any(shown for _, shown in closed.values()), closed
    assert closed == before


def test_a_change_the_index_did_not_see_is_dropped_by_the_next_sweep(personas, client, catalogue):
    """A raw update (no signal) is not seen by a cached answer until the indexing cycle notices it:
    the one-minute sweep removes the document and bumps the version, and the next request is current.
    Uncached, the live "listed" check on the cards drops it at once."""

    def titles() -> list[str]:
        return [i["title"] for i in client.get("/api/v1/projects").json()["items"]]

    assert catalogue.market.title in titles()
    Project.objects.filter(pk=catalogue.market.pk).update(status="closed")
    assert sweep_index()["removed"] == 1
    assert catalogue.market.title not in titles()


def test_uncached_the_cards_are_checked_live(personas, client, catalogue, settings):
    settings.STINT_SEARCH_FACET_CACHE_SECONDS = 0
    Project.objects.filter(pk=catalogue.market.pk).update(status="closed")
    assert catalogue.market.title not in [i["title"] for i in client.get("/api/v1/projects").json()["items"]]


def test_anonymous_listings_answer_if_none_match_with_304(catalogue, client):
    for path in ("/projects/", "/search/?q=market", "/api/v1/projects", "/api/v1/search/projects?q=market"):
        first = client.get(path)
        assert first.status_code == 200 and first["ETag"], path
        again = client.get(path, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, path
        assert again["ETag"] == first["ETag"]
    # A change to the listing changes the validator.
    before = client.get("/projects/")["ETag"]
    from stint.matching.indexing import index_project

    index_project(catalogue.market.pk)
    assert client.get("/projects/", headers={"If-None-Match": before}).status_code == 200


def test_signed_in_pages_are_not_shared(catalogue, client, personas):
    client.get("/projects/")  # cached for anonymous visitors
    client.force_login(personas.talent)
    html = client.get("/projects/").content.decode()
    assert 'name="fits_free_hours"' in html  # rendered for this talent, not the anonymous copy


@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/v1/search/projects"])
@pytest.mark.parametrize("params", [{}, {"q": "market"}, {"sort": "rate", "page_size": 2, "page": 2}])
def test_a_cached_api_answer_is_byte_for_byte_what_ninja_sends(catalogue, client, settings, path, params):
    settings.STINT_SEARCH_FACET_CACHE_SECONDS = 0
    plain = client.get(path, params)
    settings.STINT_SEARCH_FACET_CACHE_SECONDS = 60
    first, hit = client.get(path, params), client.get(path, params)
    assert plain.status_code == first.status_code == hit.status_code == 200
    assert plain.content == first.content == hit.content
    assert plain["Content-Type"] == hit["Content-Type"]


def test_nothing_read_from_a_lagging_replica_is_kept(catalogue, client, monkeypatch):
    """A request served from the replica may lag the version it would be stored under (the primary
    bumped it on publish): it is answered, never cached (tests/cluster/test_replica.py runs the real
    streaming replica)."""
    from django.core.cache import cache

    monkeypatch.setattr("stint.matching.search_cache.used_replica", lambda: True)
    for path in ("/api/v1/projects", "/projects/", "/search/?q=market"):
        assert client.get(path).status_code == 200
    listing_entry = re.compile(r"matching:\w+:v\d+:m\d+:")
    assert not [key for key in cache._cache if listing_entry.search(key)]  # type: ignore[attr-defined]
    monkeypatch.setattr("stint.matching.search_cache.used_replica", lambda: False)
    client.get("/api/v1/projects")
    assert [key for key in cache._cache if "matching:api:" in key]  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/projects/", "/search/", "/api/v1/projects"])
def test_a_cached_listing_is_kept_per_language(client, path):
    """A page cached for an English visitor is never served to a French one (nor the reverse)."""
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
    assert english.status_code == french.status_code == 200
    assert english["ETag"] != french["ETag"]
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="fr")["ETag"] == french["ETag"]
    again = client.get(path, HTTP_ACCEPT_LANGUAGE="fr", HTTP_IF_NONE_MATCH=english["ETag"])
    assert again.status_code == 200
