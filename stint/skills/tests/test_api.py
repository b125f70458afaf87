from __future__ import annotations

import uuid
from typing import Any

import pytest

from stint.core.testing.queries import assert_max_queries
from stint.skills.models import Category, Skill
from stint.skills.sample_queries import SAMPLE_QUERIES

pytestmark = pytest.mark.django_db

PERSONAS = ["talent", "company_owner", "advisor", "staff"]


def test_anonymous_users_can_search_skills(catalog: Any, api_client_for: Any) -> None:
    response = api_client_for(None).get("skills", {"q": "excel"})
    assert response.status_code == 200
    first = response.json()[0]
    assert set(first) == {"id", "label", "slug", "category", "category_name", "esco_uri"}
    assert first["slug"] == "spreadsheets"
    assert first["category"] == "data-analysis"
    assert first["esco_uri"].startswith("http://data.europa.eu/esco/skill/")
    assert uuid.UUID(first["id"]) == Skill.objects.get(slug="spreadsheets").pk


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_signed_in_persona_can_search_skills(
    catalog: Any, api_client_for: Any, personas: Any, persona: str
) -> None:
    response = api_client_for(getattr(personas, persona)).get("skills", {"q": "seo"})
    assert response.status_code == 200
    assert response.json()[0]["slug"] == "search-engine-optimisation"


def test_search_by_category_and_limit(catalog: Any, api_client_for: Any) -> None:
    response = api_client_for(None).get("skills", {"q": "design", "category": "design", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 3 and all(item["category"] == "design" for item in body)


def test_an_unknown_category_is_a_validation_error(catalog: Any, api_client_for: Any) -> None:
    response = api_client_for(None).get("skills", {"q": "x", "category": "astrology"})
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_category"


@pytest.mark.parametrize("limit", [0, 51, "many"])
def test_a_bad_limit_is_a_validation_error(catalog: Any, api_client_for: Any, limit: Any) -> None:
    response = api_client_for(None).get("skills", {"q": "x", "limit": limit})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_a_too_long_query_is_a_validation_error(catalog: Any, api_client_for: Any) -> None:
    response = api_client_for(None).get("skills", {"q": "x" * 101})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_categories_are_listed_in_display_order(catalog: Any, api_client_for: Any) -> None:
    response = api_client_for(None).get("categories")
    assert response.status_code == 200
    body = response.json()
    assert body[0] == {"slug": "research", "name": "Research"}
    assert [c["slug"] for c in body] == list(Category.objects.order_by("position").values_list("slug", flat=True))
    assert {"marketing", "data-analysis", "content-creation", "software", "design"} <= {c["slug"] for c in body}


def test_skill_detail_has_synonyms_definition_and_related_skills(catalog: Any, api_client_for: Any) -> None:
    skill = Skill.objects.get(slug="spreadsheets")
    response = api_client_for(None).get(f"skills/{skill.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["label"] == "Spreadsheets"
    assert "Microsoft Excel" in body["synonyms"]
    assert body["esco_uri"] == skill.esco_uri
    assert body["category"] == "data-analysis" and body["category_name"] == "Data analysis"
    assert body["description"]
    assert "data-analysis" in {r["slug"] for r in body["related"]}


def test_an_unknown_skill_is_404(catalog: Any, api_client_for: Any) -> None:
    response = api_client_for(None).get(f"skills/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["code"] == "skill_not_found"


def test_a_malformed_skill_id_is_rejected(catalog: Any, api_client_for: Any) -> None:
    response = api_client_for(None).get("skills/not-a-uuid")
    assert response.status_code in (404, 422)


def test_the_search_endpoint_runs_a_bounded_number_of_queries(catalog: Any, api_client_for: Any) -> None:
    client = api_client_for(None)
    client.get("skills", {"q": "warm"})  # builds the index
    with assert_max_queries(1):
        for q in ("excel", "pyhton", "mark", "seo", ""):
            assert client.get("skills", {"q": q}).status_code == 200
    with assert_max_queries(2):  # the category filter validates the slug once
        assert client.get("skills", {"q": "data", "category": "software"}).status_code == 200


def test_the_categories_endpoint_runs_one_query(catalog: Any, api_client_for: Any) -> None:
    client = api_client_for(None)
    with assert_max_queries(1):
        assert client.get("categories").status_code == 200


def test_the_whole_sample_of_searches_is_served_from_the_in_memory_index(catalog: Any, api_client_for: Any) -> None:
    """What keeps search fast is that no request touches the database once the index is built.

    The latency itself (p50/p95 over the sample) is measured by ``make bench``
    (``bench/skills_search.py``), not asserted here: a wall-clock bound fails on a busy machine.
    """
    client = api_client_for(None)
    client.get("skills", {"q": "warm up"})
    with assert_max_queries(1):
        for q in SAMPLE_QUERIES:
            response = client.get("skills", {"q": q, "limit": 10})
            assert response.status_code == 200
