from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone

from stint.core.testing.queries import assert_max_queries
from stint.matching.indexing import reindex_projects
from stint.organizations.models import Organization
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project, ProjectInvitation
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.projects.tests.helpers import skill_and_category

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
MEMBERS_ONLY = {
    "company_owner": 200,
    "company_member": 200,
    "other_company_member": 404,
    "talent": 404,
    "other_talent": 404,
    "advisor": 404,
    "staff": 404,
    "anonymous": 302,
}


def _login(client, personas, persona):
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))


def _editor_post(category, skill, **overrides):
    now = timezone.localtime()
    today = timezone.localdate()
    data = {
        "title": "Survey analysis for a food bank",
        "summary": "Clean and analyse a volunteer survey.",
        "description": "Analyse **400** responses.\n\n<script>alert(1)</script>",
        "category": category.slug,
        "required_skills": [skill.slug],
        "deliverables": "A cleaned dataset\nA two-page summary",
        "estimated_hours": "20",
        "fee": "500.00",
        "currency": "USD",
        "openings": "1",
        "visibility": "public",
        "application_deadline": (now + timezone.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "response_deadline": (now + timezone.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "start_date": (today + timezone.timedelta(days=11)).isoformat(),
        "due_date": (today + timezone.timedelta(days=25)).isoformat(),
        "questions": "Which tool would you use?",
        "max_applications": "",
        "rubric-TOTAL_FORMS": "3",
        "rubric-INITIAL_FORMS": "0",
        "rubric-MIN_NUM_FORMS": "0",
        "rubric-MAX_NUM_FORMS": "10",
        "rubric-0-criterion": "Analysis",
        "rubric-0-weight": "3",
        "rubric-1-criterion": "",
        "rubric-1-weight": "",
        "rubric-2-criterion": "",
        "rubric-2-weight": "",
    }
    data.update(overrides)
    return data


# --- Listing ------------------------------------------------------------------------------------


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


# --- Project pages -----------------------------------------------------------------------------


@pytest.fixture
def world(personas):
    org = personas.organization
    projects = {
        "public": ProjectFactory(organization=org, title="Public one"),
        "unlisted": ProjectFactory(organization=org, visibility="unlisted", title="Unlisted one"),
        "invite_only": ProjectFactory(organization=org, visibility="invite_only", title="Invite-only one"),
        "draft": ProjectFactory(organization=org, status=ProjectStatus.DRAFT, published_at=None, title="Draft one"),
    }
    ProjectInvitation.objects.create(project=projects["invite_only"], talent=personas.talent)
    return projects


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
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    match = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD script"
    assert match.group(1) == nonce
    assert "<analysis>" not in match.group(2)
    data = json.loads(match.group(2))
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Survey <analysis>"
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


# --- Editor -------------------------------------------------------------------------------------


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


# --- Actions ------------------------------------------------------------------------------------

ACTION_STATUS = {**MEMBERS_ONLY, "company_owner": 302, "company_member": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_publish_button_permission_matrix(client, personas, world, persona):
    _login(client, personas, persona)
    project = ProjectFactory(organization=personas.organization, status=ProjectStatus.DRAFT, published_at=None)
    _, skill = skill_and_category()
    ProjectSkillFactory(project=project, skill=skill)
    # The publish button is the confirmation page's (it states the amount); the old URL forwards there.
    response = client.post(
        f"/payments/projects/{project.pk}/publish/", {"confirm_total_minor": "55000", "confirm_currency": "USD"}
    )
    assert response.status_code == ACTION_STATUS[persona]
    project.refresh_from_db()
    assert (project.status == ProjectStatus.OPEN) == (persona in ("company_owner", "company_member"))


@pytest.mark.parametrize("action", ["close", "cancel"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_close_and_cancel_buttons_permission_matrix(client, personas, world, persona, action):
    _login(client, personas, persona)
    project = world["public"]
    response = client.post(f"/projects/{project.pk}/{action}/", {f"{action}-reason": "Filled"})
    assert response.status_code == ACTION_STATUS[persona]
    project.refresh_from_db()
    changed = project.status != ProjectStatus.OPEN
    assert changed == (persona in ("company_owner", "company_member"))


def test_closing_a_draft_shows_an_error_message(client, personas, world):
    client.force_login(personas.company_owner)
    response = client.post(f"/projects/{world['draft'].pk}/close/", {"close-reason": "x"}, follow=True)
    assert "cannot be closed" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_invite_button_permission_matrix(client, personas, world, persona):
    _login(client, personas, persona)
    response = client.post(
        f"/projects/{world['invite_only'].pk}/invitations/", {"talent_email": personas.other_talent.email}
    )
    assert response.status_code == ACTION_STATUS[persona]
    invited = ProjectInvitation.objects.filter(project=world["invite_only"], talent=personas.other_talent).exists()
    assert invited == (persona in ("company_owner", "company_member"))


def test_manage_page_shows_the_actions_for_the_status(client, personas, world):
    client.force_login(personas.company_owner)
    html = client.get(f"/projects/{world['draft'].pk}/manage/").content.decode()
    assert "Publish" in html and "Close to new applications" not in html
    html = client.get(f"/projects/{world['public'].pk}/manage/").content.decode()
    assert "Close to new applications" in html and ">Publish<" not in html
    html = client.get(f"/projects/{world['unlisted'].pk}/manage/").content.decode()
    assert world["unlisted"].secret_token in html


# --- Moderation ---------------------------------------------------------------------------------

STAFF_ONLY = {**dict.fromkeys(PERSONAS, 404), "staff": 200, "anonymous": 302}


@pytest.fixture
def pending(personas):
    Organization.objects.filter(pk=personas.other_organization.pk).update(verified_at=None)
    return ProjectFactory(
        organization=personas.other_organization,
        status=ProjectStatus.PENDING_REVIEW,
        published_at=None,
        title="Waiting one",
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_moderation_queue_permission_matrix(client, personas, pending, persona):
    _login(client, personas, persona)
    response = client.get("/projects/staff/moderation/")
    assert response.status_code == STAFF_ONLY[persona]
    if response.status_code == 200:
        assert "Waiting one" in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_moderation_approve_permission_matrix(client, personas, pending, persona):
    _, skill = skill_and_category()
    ProjectSkillFactory(project=pending, skill=skill)
    _login(client, personas, persona)
    response = client.post(f"/projects/staff/moderation/{pending.pk}/approve/")
    assert response.status_code == {**STAFF_ONLY, "staff": 302}[persona]
    pending.refresh_from_db()
    assert (pending.status == ProjectStatus.OPEN) == (persona == "staff")


def test_staff_reject_sends_back_with_a_note(client, personas, pending):
    client.force_login(personas.staff)
    response = client.post(f"/projects/staff/moderation/{pending.pk}/reject/", {"note": "Add deliverables."})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ProjectStatus.DRAFT and pending.moderation_note == "Add deliverables."
    client.force_login(personas.other_company_member)
    assert "Add deliverables." in client.get(f"/projects/{pending.pk}/manage/").content.decode()
