"""Project pages: the list of open projects and a member's own projects."""

from __future__ import annotations

import pytest

from stint.core.testing.queries import assert_max_queries
from stint.matching.indexing import reindex_projects
from stint.projects.choices import ProjectStatus
from stint.projects.tests.factories import ProjectFactory
from stint.projects.tests.helpers import skill_and_category
from stint.projects.tests.view_support import PERSONAS, _login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_sees_the_list_of_open_public_projects(client, personas, persona):
    ProjectFactory(organization=personas.organization, title="Open public")
    ProjectFactory(organization=personas.organization, title="Hidden unlisted", visibility="unlisted")
    ProjectFactory(organization=personas.organization, title="A draft", status=ProjectStatus.DRAFT)
    reindex_projects()  # the list is the search engine's (stint.matching): index what the factories wrote
    _login(client, personas, persona)
    response = client.get("/projects/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open public" in html
    assert "Hidden unlisted" not in html and "A draft" not in html


def test_list_filters_and_paginates(client, personas):
    category, _ = skill_and_category()
    ProjectFactory(organization=personas.organization, title="Short one", estimated_hours=8, fee_minor=20_000)
    ProjectFactory(organization=personas.organization, title="Well paid", estimated_hours=20, fee_minor=100_000)
    reindex_projects()
    html = client.get("/projects/", {"max_hours": 10}).content.decode()
    assert "Short one" in html and "Well paid" not in html
    html = client.get("/projects/", {"min_hourly_rate": "40"}).content.decode()
    assert "Well paid" in html and "Short one" not in html
    html = client.get("/projects/", {"q": "well", "category": category.slug}).content.decode()
    assert "Well paid" in html and "Short one" not in html
    for _ in range(21):
        ProjectFactory(organization=personas.organization)
    reindex_projects()
    page2 = client.get("/projects/", {"page": 2}).content.decode()
    assert "Page 2 of 2" in page2


def test_list_page_runs_a_bounded_number_of_queries(client, personas):
    for _ in range(25):
        ProjectFactory(organization=personas.organization)
    reindex_projects()
    client.force_login(personas.talent)
    client.get("/projects/")
    with assert_max_queries(8):
        response = client.get("/projects/")
    assert response.status_code == 200


def test_members_see_all_their_projects_from_the_list(client, personas):
    ProjectFactory(organization=personas.organization, title="A draft", status=ProjectStatus.DRAFT)
    client.force_login(personas.company_member)
    html = client.get("/projects/", {"organization": personas.organization.pk}).content.decode()
    assert "A draft" in html and "New project" in html
    client.force_login(personas.other_company_member)
    html = client.get("/projects/", {"organization": personas.organization.pk}).content.decode()
    assert "A draft" not in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_my_projects_page(client, personas, persona):
    ProjectFactory(organization=personas.organization, title="Ours", status=ProjectStatus.DRAFT)
    _login(client, personas, persona)
    response = client.get("/projects/mine/")
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert ("Ours" in response.content.decode()) == (persona in ("company_owner", "company_member"))
