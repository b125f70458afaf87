from __future__ import annotations

import pytest

from stint.core.testing.queries import assert_max_queries
from stint.matching.indexing import reindex_projects
from stint.organizations.tests.factories import OrganizationFactory
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project, ProjectInvitation
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.projects.tests.helpers import api_payload, skill_and_category
from stint.skills.tests.factories import CategoryFactory, SkillFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "company_owner",
    "company_member",
    "other_company_member",
    "talent",
    "other_talent",
    "advisor",
    "staff",
    "anonymous",
]


def _user(personas, name):
    return None if name == "anonymous" else getattr(personas, name)


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


def _draft(personas, api_client_for):
    response = api_client_for(personas.company_owner).post(
        f"organizations/{personas.organization.pk}/projects", api_payload()
    )
    return response.json()["id"]


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


def test_publish_opens_the_project(personas, api_client_for):
    pid = _draft(personas, api_client_for)
    response = api_client_for(personas.company_owner).post(f"projects/{pid}/publish")
    assert response.status_code == 200
    assert response.json()["status"] == "open" and response.json()["published_at"]


def test_publish_twice_without_key_is_illegal_transition(personas, api_client_for):
    pid = _draft(personas, api_client_for)
    client = api_client_for(personas.company_owner)
    client.post(f"projects/{pid}/publish")
    response = client.post(f"projects/{pid}/publish")
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


def test_publish_replay_with_the_same_key_returns_the_first_response(personas, api_client_for):
    pid = _draft(personas, api_client_for)
    client = api_client_for(personas.company_owner)
    first = client.post(f"projects/{pid}/publish", headers={"Idempotency-Key": "pub-1"})
    second = client.post(f"projects/{pid}/publish", headers={"Idempotency-Key": "pub-1"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert second["Idempotent-Replayed"] == "true"
    reused = client.post(f"projects/{pid}/publish", {"other": "body"}, headers={"Idempotency-Key": "pub-1"})
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"


def test_publish_for_unverified_organization_is_pending_review(personas, api_client_for):
    from stint.organizations.models import Organization

    Organization.objects.filter(pk=personas.organization.pk).update(verified_at=None)
    pid = _draft(personas, api_client_for)
    response = api_client_for(personas.company_owner).post(f"projects/{pid}/publish")
    assert response.json()["status"] == "pending_review"


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
def test_publish_permission_matrix(personas, api_client_for, persona, status):
    pid = _draft(personas, api_client_for)
    response = api_client_for(_user(personas, persona)).post(f"projects/{pid}/publish")
    assert response.status_code == status


@pytest.mark.parametrize("action", ["close", "cancel"])
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
def test_close_and_cancel_permission_matrix(personas, api_client_for, action, persona, status):
    project = ProjectFactory(organization=personas.organization)
    response = api_client_for(_user(personas, persona)).post(f"projects/{project.pk}/{action}", {"reason": "Filled"})
    assert response.status_code == status
    if status == 200:
        assert response.json()["status"] == {"close": "closed", "cancel": "cancelled"}[action]
        assert response.json()["close_reason"] == "Filled"


def test_closing_a_draft_is_409_illegal_transition(personas, api_client_for):
    pid = _draft(personas, api_client_for)
    response = api_client_for(personas.company_owner).post(f"projects/{pid}/close", {"reason": "x"})
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


def test_close_without_reason_is_422(personas, api_client_for):
    project = ProjectFactory(organization=personas.organization)
    response = api_client_for(personas.company_owner).post(f"projects/{project.pk}/close", {})
    assert response.status_code == 422 and response.json()["code"] == "reason_required"


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
def test_invitation_permission_matrix(personas, api_client_for, persona, status):
    project = ProjectFactory(organization=personas.organization, visibility="invite_only")
    talent_email = personas.talent.email
    response = api_client_for(_user(personas, persona)).post(
        f"projects/{project.pk}/invitations", {"talent_email": talent_email}
    )
    assert response.status_code == status
    assert ProjectInvitation.objects.filter(project=project).exists() == (status == 201)


def test_invitation_errors(personas, api_client_for):
    project = ProjectFactory(organization=personas.organization, visibility="invite_only")
    client = api_client_for(personas.company_owner)
    bad = client.post(f"projects/{project.pk}/invitations", {"talent_email": "not an address"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_email"
    assert not ProjectInvitation.objects.exists()
    first = client.post(f"projects/{project.pk}/invitations", {"talent_email": personas.talent.email})
    again = client.post(f"projects/{project.pk}/invitations", {"talent_email": personas.talent.email.upper()})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()  # the same invitation, not a second one
    assert ProjectInvitation.objects.filter(project=project).count() == 1


# --- Reading -------------------------------------------------------------------------------------


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
    from stint.organizations.models import Organization

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
    # The search engine: counts and facets (1 grouped pass), the page's ids (1), category names (1), the cards (1).
    with assert_max_queries(4):
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
