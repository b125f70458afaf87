from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template

from stint.core.testing.queries import assert_max_queries
from stint.recommendations.services import embed_all
from stint.recommendations.tests import helpers as h

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(personas) -> dict[str, Any]:
    python = h.skill("python", "Python")
    sql = h.skill("sql", "SQL")
    h.talent_profile(personas.talent, {python: 4, sql: 3}, target_roles=["Data analyst"])
    projects = [h.project([(python, True, 3), (sql, i % 2 == 0, 2)], title=f"Data project {i}") for i in range(6)]
    return {"projects": projects}


def test_talent_gets_recommendations_with_reasons(personas, api_client_for, setup) -> None:
    response = api_client_for(personas.talent).get("me/recommendations", {"limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 3
    first = body[0]
    assert set(first) == {"project", "score", "reasons"}
    assert set(first["project"]) == {
        "id",
        "title",
        "summary",
        "organization",
        "fee",
        "hourly_rate",
        "estimated_hours",
        "due_date",
    }
    assert first["project"]["fee"] == {"amount_minor": 50_000, "currency": "USD"}
    assert first["project"]["hourly_rate"] == {"amount_minor": 2500, "currency": "USD"}
    assert "You have 2 of its 2 skills" in first["reasons"]
    scores = [item["score"] for item in body]
    assert scores == sorted(scores, reverse=True)


def test_limit_is_validated(personas, api_client_for, setup) -> None:
    response = api_client_for(personas.talent).get("me/recommendations", {"limit": 0})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert api_client_for(personas.talent).get("me/recommendations", {"limit": 500}).status_code == 422


@pytest.mark.parametrize("persona", ["company_owner", "company_member", "advisor", "staff"])
def test_non_talent_get_403(personas, api_client_for, persona) -> None:
    response = api_client_for(getattr(personas, persona)).get("me/recommendations")
    assert response.status_code == 403
    assert response.json()["code"] == "talent_role_required"


def test_anonymous_gets_401(api_client_for) -> None:
    response = api_client_for(None).get("me/recommendations")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_api_runs_a_bounded_number_of_queries(personas, api_client_for, setup) -> None:
    client = api_client_for(personas.talent)
    client.get("me/recommendations")  # warm: token, profile and embeddings exist
    with assert_max_queries(16) as ctx:
        assert client.get("me/recommendations").status_code == 200
    small = len(ctx.captured_queries)
    python = h.skill("python")
    for i in range(15):
        h.project([(python, True, 3)], title=f"More {i}")
    embed_all()  # steady state: the on-commit tasks have run
    # At most one more: the new projects' vectors are read into the process cache in one query.
    with assert_max_queries(small + 1):
        assert client.get("me/recommendations").status_code == 200


# --- HTML ------------------------------------------------------------------------------------------


def test_page_lists_recommendations_with_reasons(client, personas, setup) -> None:
    client.force_login(personas.talent)
    response = client.get("/recommendations/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Recommended projects</h1>" in html
    assert "Data project 0" in html
    assert "You have 2 of its 2 skills" in html


def test_page_runs_a_bounded_number_of_queries(client, personas, setup) -> None:
    client.force_login(personas.talent)
    client.get("/recommendations/")
    with assert_max_queries(20) as ctx:
        client.get("/recommendations/")
    small = len(ctx.captured_queries)
    python = h.skill("python")
    for i in range(15):
        h.project([(python, True, 3)], title=f"More {i}")
    embed_all()  # steady state: the on-commit tasks have run
    with assert_max_queries(small + 1):
        assert client.get("/recommendations/").status_code == 200


def test_page_with_nothing_to_recommend_says_what_to_do(client, personas) -> None:
    client.force_login(personas.talent)
    response = client.get("/recommendations/")
    assert response.status_code == 200
    assert "No recommendations yet" in response.content.decode()


def test_page_redirects_anonymous_to_login(client) -> None:
    response = client.get("/recommendations/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["company_owner", "advisor"])
def test_page_refuses_other_roles(client, personas, persona) -> None:
    client.force_login(getattr(personas, persona))
    assert client.get("/recommendations/").status_code == 403


def _render_tag(user: Any) -> str:
    return Template("{% load recommendation_tags %}{% recommended_projects user %}").render(Context({"user": user}))


def test_template_tag_renders_for_talent(personas, setup) -> None:
    html = _render_tag(personas.talent)
    assert "Recommended for you" in html
    assert html.count('class="recommendation"') == 5
    assert "See all recommendations" in html


def test_template_tag_renders_nothing_for_others(personas) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert _render_tag(personas.company_owner).strip() == ""
    assert _render_tag(AnonymousUser()).strip() == ""
