"""Project API: reading a project and the list (visibility, filters, bounded queries)."""

from __future__ import annotations

import pytest

from stint.core.testing.queries import assert_max_queries
from stint.matching.indexing import reindex_projects
from stint.organizations.models import Organization
from stint.organizations.tests.factories import OrganizationFactory
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project, ProjectInvitation
from stint.projects.tests.api_support import PERSONAS, _user
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import CategoryFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    """One project of each visibility and a draft, all of the persona company."""
    org = personas.organization
    return {
        "public": ProjectFactory(organization=org, title="Public one"),
        "unlisted": ProjectFactory(organization=org, visibility="unlisted", title="Unlisted one"),
        "invite_only": ProjectFactory(organization=org, visibility="invite_only", title="Invite-only one"),
        "draft": ProjectFactory(organization=org, status=ProjectStatus.DRAFT, published_at=None, title="Draft one"),
        "pending": ProjectFactory(
            organization=org, status=ProjectStatus.PENDING_REVIEW, published_at=None, title="Pending one"
        ),
    }


# Who sees each project by id (GET /projects/{id}); talent is invited to the invite-only project.
DETAIL_MATRIX = {
    "public": dict.fromkeys(PERSONAS, 200),
    "unlisted": {
        **dict.fromkeys(PERSONAS, 404),
        "company_owner": 200,
        "company_member": 200,
        "talent": 200,
        "staff": 200,
    },
    "invite_only": {
        **dict.fromkeys(PERSONAS, 404),
        "company_owner": 200,
        "company_member": 200,
        "talent": 200,
        "staff": 200,
    },
    "draft": {**dict.fromkeys(PERSONAS, 404), "company_owner": 200, "company_member": 200},
    "pending": {**dict.fromkeys(PERSONAS, 404), "company_owner": 200, "company_member": 200, "staff": 200},
}


@pytest.mark.parametrize("kind", list(DETAIL_MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_visibility_matrix(personas, api_client_for, world, kind, persona):
    ProjectInvitation.objects.create(project=world["invite_only"], talent=personas.talent)
    ProjectInvitation.objects.create(project=world["unlisted"], talent=personas.talent)
    response = api_client_for(_user(personas, persona)).get(f"projects/{world[kind].pk}")
    assert response.status_code == DETAIL_MATRIX[kind][persona], response.content


def test_list_shows_only_open_public_projects_to_everyone(personas, api_client_for, world):
    reindex_projects()  # the list is the search engine's (stint.matching): index what the factories wrote
    for persona in PERSONAS:
        body = api_client_for(_user(personas, persona)).get("projects").json()
        assert [p["title"] for p in body["items"]] == ["Public one"], persona
        assert body["count"] == 1


def test_members_list_their_organizations_projects_in_every_status(personas, api_client_for, world):
    reindex_projects()
    body = api_client_for(personas.company_member).get("projects", {"organization": str(personas.organization.pk)})
    assert body.json()["count"] == 5
    outsider = api_client_for(personas.other_company_member).get(
        "projects", {"organization": str(personas.organization.pk)}
    )
    assert [p["title"] for p in outsider.json()["items"]] == ["Public one"]


def test_detail_carries_reliability_funds_and_external_id(personas, api_client_for):
    project = ProjectFactory(organization=personas.organization, external_id="ext-7")
    body = api_client_for(None).get(f"projects/{project.pk}").json()
    assert body["external_id"] == "ext-7"
    assert body["funds_secured"] is False
    assert "reliability" in body
    assert body["share_url"] is None and body["moderation_note"] is None
    assert body["organization"]["verified"] is True


def _list_filter_projects(personas):
    research = CategoryFactory(slug="research", name="Research")
    design = CategoryFactory(slug="design", name="Design")
    figma = SkillFactory(slug="figma", category=design)
    cheap = ProjectFactory(
        organization=personas.organization, title="Logo sprint", category=design, estimated_hours=10, fee_minor=20_000
    )
    ProjectSkillFactory(project=cheap, skill=figma)
    rich = ProjectFactory(
        organization=personas.other_organization,
        title="Survey analysis",
        summary="Analyse a survey",
        category=research,
        estimated_hours=30,
        fee_minor=150_000,
    )
    OrganizationFactory()

    Organization.objects.filter(pk=personas.other_organization.pk).update(verified_at=None)
    return cheap, rich


def test_list_filters(personas, api_client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index is updated on commit
        cheap, rich = _list_filter_projects(personas)
    client = api_client_for(None)

    def titles(**params):
        response = client.get("projects", params)
        assert response.status_code == 200, response.content
        return sorted(p["title"] for p in response.json()["items"])

    assert titles(q="survey") == ["Survey analysis"]
    assert titles(category="design") == ["Logo sprint"]
    assert titles(skills="figma") == ["Logo sprint"]
    assert titles(min_fee=100_000) == ["Survey analysis"]
    assert titles(max_hours=10) == ["Logo sprint"]
    assert titles(min_hourly_rate=4_000) == ["Survey analysis"]

    assert titles(due_before=str(cheap.due_date)) == ["Logo sprint", "Survey analysis"]
    assert titles(verified_only="true") == ["Logo sprint"]
    assert titles(organization=str(personas.other_organization.pk)) == ["Survey analysis"]
    rates = [p["title"] for p in client.get("projects", {"sort": "hourly_rate"}).json()["items"]]
    assert rates == ["Survey analysis", "Logo sprint"]
    assert client.get("projects", {"sort": "random"}).status_code == 422
    assert rich.pk


def test_list_is_paginated_with_bounded_queries(personas, api_client_for):
    for _ in range(15):
        ProjectFactory(organization=personas.organization)
    reindex_projects()
    client = api_client_for(None)
    # The search engine: counts and facets (1 grouped pass), the page's ids (1), category names (1), the cards (1),
    # and the current exchange rates (1, then kept in the cache: docs/currencies.md).
    with assert_max_queries(5):
        body = client.get("projects", {"page": 2, "page_size": 10}).json()
    assert body["count"] == 15 and len(body["items"]) == 5
    # Again: the ranking is in the listing cache; only the cards are loaded (their live check).
    with assert_max_queries(1):
        again = client.get("projects", {"page": 2, "page_size": 10}).json()
    assert again == body


def test_list_endpoint_answers_anonymous_and_bearer_alike(personas, api_client_for):
    ProjectFactory(organization=personas.organization)
    assert api_client_for(None).get("projects").status_code == 200
    assert api_client_for(personas.talent).get("projects").status_code == 200


def test_project_row_count_unchanged_by_reads(personas, api_client_for, world):
    before = Project.objects.count()
    api_client_for(personas.talent).get(f"projects/{world['public'].pk}")
    assert Project.objects.count() == before
