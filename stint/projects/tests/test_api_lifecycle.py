"""Project API: publishing, closing, cancelling and inviting (idempotency, who may)."""

from __future__ import annotations

import pytest

from stint.organizations.models import Organization
from stint.projects.models import ProjectInvitation
from stint.projects.tests.api_support import _draft, _user
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


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
