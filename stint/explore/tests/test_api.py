"""The explore API: the same figures as the pages, in integer minor units per currency."""

from __future__ import annotations

import pytest

from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentSkill
from stint.talent.tests.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(occupation, fixed_skills):
    category = CategoryFactory(slug="data-analysis", name="Data analysis")
    sql, excel = SkillFactory(label="SQL", slug="sql"), SkillFactory(label="Excel", slug="excel")
    fixed_skills([sql, excel])
    for fee, hours, currency in ((50_000, 20, "USD"), (60_000, 24, "USD"), (40_000, 10, "EUR")):
        project = ProjectFactory(category=category, fee_minor=fee, estimated_hours=hours, currency=currency)
        ProjectSkillFactory(project=project, skill=excel)
    return {"category": category, "sql": sql, "excel": excel}


def test_fields_list_is_public(api_client_for, data):
    response = api_client_for(None).get("explore/fields")
    assert response.status_code == 200
    row = next(r for r in response.json() if r["slug"] == "data-analysis")
    assert row["open_count"] == 3
    assert [(m["currency"], m["median"]["amount_minor"]) for m in row["hourly_rate"]] == [("USD", 2500), ("EUR", 4000)]


def test_field_detail_has_the_figures(api_client_for, data):
    body = api_client_for(None).get("explore/fields/data-analysis").json()
    o = body["overview"]
    usd = o["fee"][0]
    assert (usd["currency"], usd["median"], usd["low"], usd["high"], usd["median_display"]) == (
        "USD",
        {"amount_minor": 55_000, "currency": "USD"},
        {"amount_minor": 50_000, "currency": "USD"},
        {"amount_minor": 60_000, "currency": "USD"},
        "$550.00",
    )
    assert o["hours"] == {"count": 3, "median": 20, "low": 10, "high": 24}
    assert len(o["trend"]) == 12 and o["trend"][-1]["projects"] == 3
    assert o["skills"][0]["label"] == "Excel" and o["skills"][0]["projects"] == 3
    assert o["search_url"] == "/search/?category=data-analysis"


def test_unknown_field_is_a_problem_404(api_client_for, db):
    response = api_client_for(None).get("explore/fields/nope")
    assert response.status_code == 404 and response.json()["code"] == "field_not_found"


def test_occupation_detail(api_client_for, data, occupation):
    body = api_client_for(None).get(f"explore/occupations/{occupation.pk}").json()
    assert [s["label"] for s in body["skills"]] == ["SQL", "Excel"]
    assert body["skills_source"].startswith("derived")
    assert body["overview"]["open_count"] == 3


def test_my_path(api_client_for, personas, data, occupation):
    TalentSkill.objects.create(profile=TalentProfileFactory(user=personas.talent), skill=data["sql"], level=3)
    response = api_client_for(personas.talent).get(f"me/explore/path?occupation={occupation.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [(s["skill"]["label"], s["status"]) for s in body["skills"]] == [("SQL", "declared"), ("Excel", "missing")]
    assert body["covered"] == 1 and body["gap"] == ["Excel"]
    assert len(body["projects"]) == 3 and body["projects"][0]["closes"] == ["Excel"]
    assert body["history_url"] == "/portfolio/dashboard/"


def test_my_path_refusals(api_client_for, personas, data, occupation):
    url = f"me/explore/path?occupation={occupation.pk}"
    assert api_client_for(None).get(url).status_code == 401
    for persona in ("company_owner", "advisor", "staff"):
        response = api_client_for(getattr(personas, persona)).get(url)
        assert response.status_code == 403 and response.json()["code"] == "talent_role_required", persona
    talent = api_client_for(personas.talent)
    assert talent.get("me/explore/path").json()["code"] == "occupation_required"
    assert talent.get("me/explore/path?occupation=nope").json()["code"] == "occupation_not_found"
