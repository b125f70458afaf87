"""Project pages: the lifecycle buttons and staff moderation."""

from __future__ import annotations

import pytest

from stint.organizations.models import Organization
from stint.projects.choices import ProjectStatus
from stint.projects.models import ProjectInvitation
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.projects.tests.helpers import skill_and_category
from stint.projects.tests.view_support import MEMBERS_ONLY, PERSONAS, _login

pytestmark = pytest.mark.django_db


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
