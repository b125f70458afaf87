"""Project API: creating and editing a project (validation, the pay floor, who may)."""

from __future__ import annotations

import pytest

from stint.projects.tests.api_support import _draft, _user
from stint.projects.tests.factories import ProjectFactory
from stint.projects.tests.helpers import api_payload, skill_and_category

pytestmark = pytest.mark.django_db


def test_create_returns_a_draft(personas, api_client_for):
    response = api_client_for(personas.company_owner).post(
        f"organizations/{personas.organization.pk}/projects", api_payload()
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["fee"] == {"amount_minor": 50_000, "currency": "USD"}
    assert body["hourly_rate"] == {"amount_minor": 2_500, "currency": "USD"}
    assert body["skills"][0]["slug"] == "market-research"
    assert body["funds_secured"] is False
    assert body["share_url"].startswith("/projects/p/")
    assert "<strong>three</strong>" in body["description_html"]


def test_create_accepts_skill_ids_and_category_ids(personas, api_client_for):
    category, skill = skill_and_category()
    payload = api_payload(category=str(category.pk), skills=[str(skill.pk)])
    response = api_client_for(personas.company_member).post(
        f"organizations/{personas.organization.pk}/projects", payload
    )
    assert response.status_code == 201, response.content


def test_a_draft_under_the_pay_floor_is_created_and_its_publish_is_refused(personas, api_client_for):
    api = api_client_for(personas.company_owner)
    response = api.post(
        f"organizations/{personas.organization.pk}/projects",
        api_payload(fee={"amount_minor": 10_000, "currency": "USD"}),
    )
    assert response.status_code == 201, response.content
    project_id = response.json()["id"]
    published = api.post(f"projects/{project_id}/publish")
    assert published.status_code == 422
    assert published.json()["code"] == "fee_below_minimum_rate"
    assert api.get(f"projects/{project_id}").json()["status"] == "draft"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"estimated_hours": 60}, "hours_out_of_range"),
        ({"fee": {"amount_minor": 10_000_000, "currency": "XYZ"}}, "unsupported_currency"),
        ({"skills": ["not-a-skill"]}, "unknown_skill"),
        ({"title": ""}, "title_required"),
    ],
)
def test_create_validation_errors_carry_the_rule_code(personas, api_client_for, overrides, code):
    response = api_client_for(personas.company_owner).post(
        f"organizations/{personas.organization.pk}/projects", api_payload(**overrides)
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    assert any(e["code"] == code for e in body["errors"])


def test_pay_floor_problem_states_the_minimum_fee(personas, api_client_for):
    api = api_client_for(personas.company_owner)
    created = api.post(
        f"organizations/{personas.organization.pk}/projects",
        api_payload(estimated_hours=20, fee={"amount_minor": 30_000, "currency": "USD"}),
    )
    response = api.post(f"projects/{created.json()['id']}/publish")
    assert response.json()["detail"] == "For 20 hours the fee must be at least $400.00 (20.00 USD per hour)."


def test_create_with_missing_fields_lists_them(personas, api_client_for):
    response = api_client_for(personas.company_owner).post(f"organizations/{personas.organization.pk}/projects", {})
    assert response.status_code == 422
    codes = {e["code"] for e in response.json()["errors"]}
    assert {"title_required", "category_required", "fee_required", "start_date_required"} <= codes


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("company_owner", 201),
        ("company_member", 201),
        ("other_company_member", 404),
        ("talent", 404),
        ("other_talent", 404),
        ("advisor", 404),
        ("staff", 404),
        ("anonymous", 401),
    ],
)
def test_create_permission_matrix(personas, api_client_for, persona, status):
    response = api_client_for(_user(personas, persona)).post(
        f"organizations/{personas.organization.pk}/projects", api_payload()
    )
    assert response.status_code == status


def test_create_for_unknown_organization_is_404(personas, api_client_for):
    response = api_client_for(personas.company_owner).post(
        "organizations/00000000-0000-0000-0000-000000000000/projects", api_payload()
    )
    assert response.status_code == 404


def test_patch_changes_only_what_is_sent(personas, api_client_for):
    pid = _draft(personas, api_client_for)
    response = api_client_for(personas.company_member).patch(f"projects/{pid}", {"title": "Renamed"})
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"
    assert response.json()["estimated_hours"] == 20


def test_patch_validation(personas, api_client_for):
    pid = _draft(personas, api_client_for)
    response = api_client_for(personas.company_owner).patch(f"projects/{pid}", {"estimated_hours": 3})
    assert response.status_code == 422 and response.json()["code"] == "hours_out_of_range"


def test_patch_of_open_project_is_409(personas, api_client_for):
    project = ProjectFactory(organization=personas.organization)
    response = api_client_for(personas.company_owner).patch(f"projects/{project.pk}", {"title": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "project_not_editable"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("company_owner", 200),
        ("company_member", 200),
        ("other_company_member", 404),
        ("talent", 404),
        ("other_talent", 404),
        ("advisor", 404),
        ("staff", 404),
        ("anonymous", 401),
    ],
)
def test_patch_permission_matrix(personas, api_client_for, persona, status):
    pid = _draft(personas, api_client_for)
    response = api_client_for(_user(personas, persona)).patch(f"projects/{pid}", {"title": "New"})
    assert response.status_code == status
