from __future__ import annotations

from typing import Any

import pytest

from stint.core.testing.queries import assert_max_queries

pytestmark = pytest.mark.django_db


def test_the_browse_page_lists_every_category_and_skill(catalog: Any, client: Any) -> None:
    with assert_max_queries(4):
        response = client.get("/skills/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'id="category-marketing"' in html and "Search engine optimisation" in html
    assert "http://data.europa.eu/esco/skill/1973c966-f236-40c9-b2d4-5d71a89019be" in html


@pytest.mark.parametrize("persona", ["talent", "company_owner", "staff"])
def test_signed_in_users_see_the_browse_page_too(catalog: Any, client: Any, personas: Any, persona: str) -> None:
    client.force_login(getattr(personas, persona))
    assert client.get("/skills/").status_code == 200


def test_the_search_page_works_without_javascript(catalog: Any, client: Any) -> None:
    response = client.get("/skills/search", {"q": "excel"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Spreadsheets" in html
    assert 'role="listbox"' not in html  # a plain list of links on the full page
    assert html.count("<h1") == 1


def test_the_htmx_partial_is_a_listbox_of_options(catalog: Any, client: Any) -> None:
    response = client.get("/skills/search", {"q": "pyhton", "listbox": "my-list"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert '<ul id="my-list" role="listbox"' in html
    assert 'role="option"' in html and 'data-skill-slug="python"' in html
    assert "data-skill-id=" in html and "data-skill-esco-uri=" in html


def test_the_htmx_partial_says_when_nothing_matches(catalog: Any, client: Any) -> None:
    response = client.get("/skills/search", {"q": "qqxzvv"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "No skill matches" in response.content.decode()


def test_an_unknown_category_is_explained(catalog: Any, client: Any) -> None:
    response = client.get("/skills/search", {"q": "x", "category": "astrology"})
    assert response.status_code == 422
    assert "There is no category" in response.content.decode()


def test_search_pages_refuse_post(catalog: Any, client: Any) -> None:
    assert client.post("/skills/search", {"q": "x"}).status_code == 405
