"""Project pages: the editor and its live checks."""

from __future__ import annotations

import pytest

from stint.projects.choices import ProjectStatus
from stint.projects.models import Project
from stint.projects.tests.helpers import skill_and_category
from stint.projects.tests.view_support import _editor_post

pytestmark = pytest.mark.django_db


def test_owner_creates_a_draft_through_the_editor(client, personas):
    category, skill = skill_and_category()
    client.force_login(personas.company_owner)
    response = client.post(f"/projects/new/?organization={personas.organization.pk}", _editor_post(category, skill))
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get()
    assert response["Location"] == f"/projects/{project.pk}/manage/"
    assert project.status == ProjectStatus.DRAFT
    assert project.fee_minor == 50_000 and project.rubric == [{"criterion": "Analysis", "weight": 3}]
    assert project.deliverables == ["A cleaned dataset", "A two-page summary"]
    assert "script" not in project.description_html


def test_editor_shows_rule_errors_on_the_form(client, personas):
    category, skill = skill_and_category()
    client.force_login(personas.company_owner)
    response = client.post(
        f"/projects/new/?organization={personas.organization.pk}",
        _editor_post(category, skill, fee="100", estimated_hours="60"),
    )
    assert response.status_code == 422
    assert "Projects are 5 to 40 hours" in response.content.decode() or "hours" in response.content.decode()
    assert 'href="#id_estimated_hours"' in response.content.decode()
    assert not Project.objects.exists()


def test_editor_updates_a_draft(client, personas, world):
    category, skill = skill_and_category()
    client.force_login(personas.company_member)
    project = world["draft"]
    response = client.post(f"/projects/{project.pk}/edit/", _editor_post(category, skill, title="Renamed"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Renamed"


def test_editing_an_open_project_redirects_to_manage(client, personas, world):
    client.force_login(personas.company_owner)
    response = client.get(f"/projects/{world['public'].pk}/edit/")
    assert response.status_code == 302


def test_live_check_renders_the_pay_floor(client, personas):
    category, skill = skill_and_category()
    client.force_login(personas.company_owner)
    response = client.post("/projects/check/", _editor_post(category, skill, fee="300"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Minimum fee for 20 hours: $400.00" in html
    assert "Effective hourly rate: $15.00 per hour" in html
    assert 'data-code="fee_below_minimum_rate"' in html
    assert "<html" not in html  # only the partial
    ok = client.post("/projects/check/", _editor_post(category, skill), headers={"HX-Request": "true"})
    assert "All checks pass" in ok.content.decode()


def test_live_check_reports_unparsable_input(client, personas):
    category, skill = skill_and_category()
    client.force_login(personas.company_owner)
    html = client.post("/projects/check/", _editor_post(category, skill, estimated_hours="lots")).content.decode()
    assert "Estimated hours" in html


def test_live_check_needs_login(client):
    assert client.post("/projects/check/", {}).status_code == 302
