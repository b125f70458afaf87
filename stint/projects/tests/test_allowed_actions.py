"""``project_allowed_actions``: the manage page and the API's ``allowed_actions`` agree."""

from __future__ import annotations

import pytest
from django.test import Client

from stint.core.models import AuditEvent
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "visibility", "expected"),
    [
        (ProjectStatus.DRAFT, Visibility.PUBLIC, ["edit", "publish", "cancel"]),
        (ProjectStatus.OPEN, Visibility.PUBLIC, ["close", "cancel"]),
        (ProjectStatus.OPEN, Visibility.INVITE_ONLY, ["close", "cancel", "invite"]),
        (ProjectStatus.CLOSED, Visibility.UNLISTED, []),
    ],
)
def test_the_api_and_the_manage_page_show_the_same_actions(personas, api_client_for, status, visibility, expected):
    project = ProjectFactory(organization=personas.organization, status=status, visibility=visibility)
    assert api_client_for(personas.company_owner).get(f"projects/{project.pk}").json()["allowed_actions"] == expected
    web = Client()
    web.force_login(personas.company_owner)
    html = web.get(f"/projects/{project.pk}/manage/").content.decode()
    for action in ("edit", "publish", "close", "cancel", "invitations"):
        name = "invite" if action == "invitations" else action
        assert (f"/projects/{project.pk}/{action}/" in html) == (name in expected), action


def test_a_talent_may_apply_to_an_open_project_and_no_more(personas, api_client_for):
    project = ProjectFactory(organization=personas.organization)
    assert api_client_for(personas.talent).get(f"projects/{project.pk}").json()["allowed_actions"] == ["apply"]
    assert api_client_for(None).get(f"projects/{project.pk}").json()["allowed_actions"] == []


def test_closing_a_closed_project_is_refused_and_changes_nothing(personas, api_client_for):
    project = ProjectFactory(organization=personas.organization, status=ProjectStatus.CLOSED)
    events = AuditEvent.objects.filter(target_id=str(project.pk)).count()
    response = api_client_for(personas.company_owner).post(f"projects/{project.pk}/close", {"reason": "Done"})
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.CLOSED
    assert AuditEvent.objects.filter(target_id=str(project.pk)).count() == events
