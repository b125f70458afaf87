"""Project pages: who sees a project page, the secret link, the JSON-LD, member pages."""

from __future__ import annotations

import json
import re

import pytest

from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.projects.tests.helpers import skill_and_category
from stint.projects.tests.view_support import MEMBERS_ONLY, PERSONAS, _login

pytestmark = pytest.mark.django_db


PAGE_MATRIX = {
    "public": dict.fromkeys(PERSONAS, 200),
    "unlisted": {**dict.fromkeys(PERSONAS, 404), "company_owner": 200, "company_member": 200, "staff": 200},
    "invite_only": {
        **dict.fromkeys(PERSONAS, 404),
        "company_owner": 200,
        "company_member": 200,
        "talent": 200,
        "staff": 200,
    },
    "draft": {**dict.fromkeys(PERSONAS, 404), "company_owner": 200, "company_member": 200},
}


@pytest.mark.parametrize("kind", list(PAGE_MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_project_page_visibility_matrix(client, personas, world, kind, persona):
    _login(client, personas, persona)
    response = client.get(f"/projects/{world[kind].pk}/")
    assert response.status_code == PAGE_MATRIX[kind][persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_unlisted_project_is_reachable_by_its_secret_link(client, personas, world, persona):
    _login(client, personas, persona)
    project = world["unlisted"]
    response = client.get(f"/projects/p/{project.secret_token}/")
    assert response.status_code == 200
    assert "Unlisted one" in response.content.decode()
    assert client.get("/projects/p/not-the-token/").status_code == 404


def test_secret_link_of_a_draft_is_404_for_outsiders(client, personas, world):
    project = world["draft"]
    assert client.get(f"/projects/p/{project.secret_token}/").status_code == 404


def test_project_page_shows_the_brief_and_valid_job_posting_json_ld(client, personas):
    _, skill = skill_and_category()
    project = ProjectFactory(organization=personas.organization, title="Survey <analysis>")
    ProjectSkillFactory(project=project, skill=skill)
    response = client.get(f"/projects/{project.pk}/")
    html = response.content.decode()
    assert "Research <strong>three</strong> competitor segments" in html
    assert "$500.00" in html and "$25.00 per hour" in html
    assert "Verified" in html
    csp_nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert csp_nonce, "no nonce in the CSP"
    nonce = csp_nonce.group(1)
    match = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD script"
    assert match.group(1) == nonce
    assert "<analysis>" not in match.group(2)
    data = json.loads(match.group(2))
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Survey <analysis>"
    assert project.published_at is not None
    assert data["datePosted"] == project.published_at.date().isoformat()
    assert data["validThrough"].startswith(project.application_deadline.date().isoformat())
    assert data["employmentType"] == ["CONTRACTOR", "INTERN"]
    assert data["hiringOrganization"]["name"] == personas.organization.name
    assert data["baseSalary"]["currency"] == "USD"
    assert data["baseSalary"]["value"]["value"] == 500


def test_no_json_ld_for_unlisted_projects(client, personas, world):
    client.force_login(personas.company_owner)
    html = client.get(f"/projects/{world['unlisted'].pk}/").content.decode()
    assert "application/ld+json" not in html


@pytest.mark.parametrize("page", ["edit", "preview", "manage"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_member_pages_permission_matrix(client, personas, world, page, persona):
    _login(client, personas, persona)
    response = client.get(f"/projects/{world['draft'].pk}/{page}/")
    assert response.status_code == MEMBERS_ONLY[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_new_project_page_permission_matrix(client, personas, persona):
    _login(client, personas, persona)
    response = client.get("/projects/new/", {"organization": personas.organization.pk})
    assert response.status_code == MEMBERS_ONLY[persona]


def test_new_project_without_organization_picks_the_only_one(client, personas):
    client.force_login(personas.company_owner)
    response = client.get("/projects/new/")
    assert response.status_code == 302 and str(personas.organization.pk) in response["Location"]
    client.force_login(personas.talent)
    assert "Create an organization" in client.get("/projects/new/").content.decode()
