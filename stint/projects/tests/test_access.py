"""``project_access``: the one owner of "what may this user do with this project", and the pages and
endpoints that ask it (the project page, the apply form, ``POST /projects/{id}/applications``)."""

from __future__ import annotations

import pytest
from django.test import Client

from stint.applications.models import Application
from stint.applications.tests.factories import letter
from stint.core.models import AuditEvent
from stint.notifications.models import Notification
from stint.projects.access import Access, project_access
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import ProjectInvitation
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ANSWER = "Desk research first, then interviews."


def _user(personas, name):
    return None if name == "anonymous" else getattr(personas, name)


class Anonymous:
    is_authenticated = False


@pytest.mark.parametrize(
    ("visibility", "status", "expected"),
    [
        # persona order: company_owner, staff, talent (no link), talent (link), other_company_member, anonymous
        (Visibility.PUBLIC, ProjectStatus.OPEN, ["manage", "read", "apply", "apply", "read", "read"]),
        (Visibility.PUBLIC, ProjectStatus.CLOSED, ["manage", "read", "apply", "apply", "read", "read"]),
        (Visibility.PUBLIC, ProjectStatus.DRAFT, ["manage", "none", "none", "none", "none", "none"]),
        (Visibility.PUBLIC, ProjectStatus.PENDING_REVIEW, ["manage", "read", "none", "none", "none", "none"]),
        (Visibility.UNLISTED, ProjectStatus.OPEN, ["manage", "read", "none", "apply", "none", "none"]),
        (Visibility.INVITE_ONLY, ProjectStatus.OPEN, ["manage", "read", "none", "none", "none", "none"]),
    ],
)
def test_the_access_matrix(personas, visibility, status, expected):
    project = ProjectFactory(organization=personas.organization, visibility=visibility, status=status)
    seen = [
        project_access(project=project, user=personas.company_owner),
        project_access(project=project, user=personas.staff),
        project_access(project=project, user=personas.talent),
        project_access(project=project, user=personas.talent, secret=project.secret_token),
        project_access(project=project, user=personas.other_company_member),
        project_access(project=project, user=Anonymous()),
    ]
    assert [a.name.lower() for a in seen] == expected


def test_a_wrong_secret_is_no_secret(personas):
    project = ProjectFactory(organization=personas.organization, visibility=Visibility.UNLISTED)
    assert project_access(project=project, user=personas.talent, secret="x" * 43) is Access.NONE


def test_invited_talent_may_apply_to_an_invite_only_or_unlisted_project_by_id(personas):
    for visibility in (Visibility.INVITE_ONLY, Visibility.UNLISTED):
        project = ProjectFactory(organization=personas.organization, visibility=visibility)
        ProjectInvitation.objects.create(project=project, talent=personas.talent, invited_by=personas.company_owner)
        assert project_access(project=project, user=personas.talent) is Access.APPLY
        assert project_access(project=project, user=personas.other_talent) is Access.NONE


def _snapshot(project):
    return (
        Application.objects.filter(project=project).count(),
        AuditEvent.objects.filter(code="application.submitted").count(),
        Notification.objects.filter(event="application.submitted").count(),
    )


def test_unlisted_apply_without_the_secret_link_is_refused_on_the_page_and_the_api(personas, api_client_for):
    """The defect this owner fixes: the project page was a 404 while its apply form and the API
    accepted an application. Every refusal leaves nothing behind."""
    project = ProjectFactory(organization=personas.organization, visibility=Visibility.UNLISTED)
    before = _snapshot(project)
    web = Client()
    web.force_login(personas.talent)
    form = {"cover_letter": letter(1), "answer_0": ANSWER}
    api_body = {"cover_letter": letter(2), "answers": [ANSWER], "links": []}

    assert web.get(f"/projects/{project.pk}/").status_code == 404
    assert web.get(f"/applications/apply/{project.pk}/").status_code == 404
    assert web.post(f"/applications/apply/{project.pk}/", form).status_code == 404
    assert web.post(f"/applications/apply/{project.pk}/?secret=wrong", form).status_code == 404
    api = api_client_for(personas.talent)
    response = api.post(f"projects/{project.pk}/applications", api_body)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert api.post(f"projects/{project.pk}/applications?secret=wrong", api_body).status_code == 404
    assert api.get(f"projects/{project.pk}/capacity-check").status_code == 404
    assert _snapshot(project) == before

    # With the link: the secret page offers the form with the token, and both faces accept.
    page = web.get(f"/projects/p/{project.secret_token}/")
    apply_url = f"/applications/apply/{project.pk}/?secret={project.secret_token}"
    assert page.status_code == 200 and apply_url in page.content.decode()
    assert web.get(apply_url).status_code == 200
    assert web.post(apply_url, form).status_code == 302
    assert Application.objects.filter(project=project, talent=personas.talent).exists()
    other = api_client_for(personas.other_talent)
    assert other.get(f"projects/{project.pk}/capacity-check?secret={project.secret_token}").status_code == 200
    response = other.post(f"projects/{project.pk}/applications?secret={project.secret_token}", api_body)
    assert response.status_code == 201, response.content
