"""The talent pool through the API and the pages, and every persona that must be refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from stint.applications.tests.factories import letter
from stint.core.models import AuditEvent
from stint.core.testing.factories import TalentFactory
from stint.core.testing.queries import assert_max_queries
from stint.engagements.models import Engagement, Review
from stint.flows.publishing import project_publish
from stint.payments.tests.factories import draft_project, engagement_for
from stint.projects.choices import Visibility
from stint.projects.signals import project_published
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.talent.models import TalentProfile
from stint.talentpool.models import Follow, Hire, PoolInvitation, PoolNote, PoolTag, ProjectAnnouncement

pytestmark = pytest.mark.django_db
make_project: Any = ProjectFactory


@pytest.fixture
def pooled(personas: Any) -> Any:
    """``personas.talent`` completed (paid) a project of ``personas.organization``, rated 5/5."""
    engagement = engagement_for(make_project(organization=personas.organization), talent=personas.talent, status="paid")
    Review.objects.create(
        engagement=engagement,
        author=personas.company_owner,
        subject=personas.talent,
        organization=personas.organization,
        side="company",
        rating=5,
        comment="Excellent analysis.",
    )
    return personas.talent


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_pool_lists_who_completed_a_project_with_reviews_notes_and_tags(
    personas: Any, api_client_for: Any, pooled: Any
) -> None:
    engagement_for(make_project(organization=personas.organization), talent=personas.other_talent, status="active")
    client = api_client_for(personas.company_member)
    org = personas.organization.pk
    assert (
        client.post(f"organizations/{org}/pool/{pooled.pk}/notes", {"body": "Rehire for research"}).status_code == 201
    )
    assert client.post(f"organizations/{org}/pool/{pooled.pk}/tags", {"name": "Research"}).status_code == 204
    entries = client.get(f"organizations/{org}/pool").json()
    assert [e["talent_id"] for e in entries] == [str(pooled.pk)]  # an active engagement is not completed
    assert entries[0]["average_rating"] == 5 and entries[0]["reviews"] == ["Excellent analysis."]
    assert entries[0]["tags"] == ["research"] and entries[0]["notes"][0]["body"] == "Rehire for research"
    assert client.get(f"organizations/{org}/pool", {"tag": "design"}).json() == []
    assert client.delete(f"organizations/{org}/pool/{pooled.pk}/tags/research").status_code == 204
    assert not PoolTag.objects.exists()


@pytest.mark.parametrize("name", ["other_company_member", "talent", "advisor", "other_talent"])
def test_outsiders_get_404_on_the_pool_and_change_nothing(
    personas: Any, api_client_for: Any, pooled: Any, name: str
) -> None:
    project = make_project(organization=personas.organization)
    client = api_client_for(getattr(personas, name))
    events = AuditEvent.objects.count()
    org = personas.organization.pk
    assert client.get(f"organizations/{org}/pool").status_code == 404
    assert client.post(f"organizations/{org}/pool/{pooled.pk}/notes", {"body": "x"}).status_code == 404
    assert client.post(f"organizations/{org}/pool/{pooled.pk}/tags", {"name": "x"}).status_code == 404
    assert client.post(f"projects/{project.pk}/pool-invitations", {"talent_id": str(pooled.pk)}).status_code == 404
    hire = {"talent_id": str(pooled.pk), "kind": "job", "role_title": "Analyst"}
    assert client.post(f"organizations/{org}/hires", hire).status_code == 404
    assert login(getattr(personas, name)).get(f"/pool/{org}/").status_code == 404
    assert not (PoolNote.objects.exists() or PoolTag.objects.exists() or PoolInvitation.objects.exists())
    assert not Hire.objects.exists() and AuditEvent.objects.count() == events


def test_a_talent_outside_the_pool_gets_no_note_or_hire(personas: Any, api_client_for: Any, pooled: Any) -> None:
    client = api_client_for(personas.company_owner)
    org = personas.organization.pk
    response = client.post(f"organizations/{org}/pool/{personas.other_talent.pk}/notes", {"body": "x"})
    assert response.status_code == 404 and response.json()["code"] == "talent_not_in_pool"
    assert not PoolNote.objects.exists()


def test_an_invitation_opens_an_invite_only_project_and_is_answered(
    personas: Any, api_client_for: Any, pooled: Any
) -> None:
    project = make_project(organization=personas.organization, visibility=Visibility.INVITE_ONLY)
    talent = api_client_for(pooled)
    assert talent.get(f"projects/{project.pk}").status_code == 404
    company = api_client_for(personas.company_owner)
    invited = company.post(
        f"projects/{project.pk}/pool-invitations", {"talent_id": str(pooled.pk), "message": "Join us"}
    )
    assert invited.status_code == 201
    again = company.post(f"projects/{project.pk}/pool-invitations", {"talent_id": str(pooled.pk)})
    assert again.status_code == 409 and again.json()["code"] == "already_invited"
    assert talent.get(f"projects/{project.pk}").status_code == 200
    pk = invited.json()["id"]
    assert api_client_for(personas.other_talent).post(f"pool-invitations/{pk}/accept").status_code == 404
    assert PoolInvitation.objects.get(pk=pk).status == "pending"
    assert talent.post(f"pool-invitations/{pk}/accept").json()["status"] == "accepted"
    applied = talent.post(f"projects/{project.pk}/applications", {"cover_letter": letter(), "answers": ["Surveys."]})
    assert applied.status_code == 201, applied.content
    assert company.get(f"projects/{project.pk}/pool-invitations").json()[0]["status"] == "accepted"
    assert talent.post(f"pool-invitations/{pk}/decline").status_code == 409


def test_a_recorded_hire_counts_once_the_talent_confirms(personas: Any, api_client_for: Any, pooled: Any) -> None:
    org = personas.organization.pk
    company = api_client_for(personas.company_owner)
    recorded = company.post(
        f"organizations/{org}/hires", {"talent_id": str(pooled.pk), "kind": "job", "role_title": "Analyst"}
    )
    assert recorded.status_code == 201
    figures = api_client_for(None).get(f"organizations/{org}/network")
    assert figures.status_code == 200 and figures.json()["hires_from_stint"] == 0
    pk = recorded.json()["id"]
    assert api_client_for(personas.other_talent).post(f"hires/{pk}/answer", {"confirm": True}).status_code == 404
    answer = api_client_for(pooled).post(f"hires/{pk}/answer", {"confirm": True, "show_on_portfolio": True})
    assert answer.json()["status"] == "confirmed"
    assert api_client_for(None).get(f"organizations/{org}/network").json()["hires_from_stint"] == 1
    profile = TalentProfile.objects.create(user=pooled)
    page = login(personas.company_owner).get(f"/organizations/o/{personas.organization.slug}/").content.decode()
    assert "Hires from Stint" in page and "<strong>1</strong>" in page
    assert "Analyst (job) at Acme Analytics" in login(pooled).get(f"/talent/{profile.pk}/").content.decode()


def test_followers_hear_of_new_public_projects_once(
    personas: Any, api_client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = personas.organization
    assert api_client_for(personas.talent).post(f"organizations/{org.pk}/follow").status_code == 204
    assert api_client_for(personas.talent).post(f"organizations/{org.pk}/follow").status_code == 204
    assert Follow.objects.count() == 1
    project = draft_project(org, created_by=personas.company_owner)
    ProjectSkillFactory(project=project)
    with django_capture_on_commit_callbacks(execute=True):
        project_publish(actor=personas.company_owner, project=project)
    assert personas.talent.notifications.filter(event="organization.project_published").count() == 1
    assert ProjectAnnouncement.objects.filter(project=project, followers_notified=1).exists()
    project_published.send(sender=type(project), project=project)  # a replay notifies nobody twice
    assert personas.talent.notifications.filter(event="organization.project_published").count() == 1


def test_the_pool_page_takes_notes_tags_invitations_and_hires(personas: Any, pooled: Any) -> None:
    project = make_project(organization=personas.organization)
    client = login(personas.company_member)
    base = f"/pool/{personas.organization.pk}/talent/{pooled.pk}"
    client.post(f"{base}/note/", {"body": "Great with data"})
    client.post(f"{base}/tag/", {"name": "data"})
    client.post(f"{base}/invite/", {"project_id": project.pk, "message": "Apply?"})
    client.post(f"{base}/hire/", {"kind": "internship", "role_title": "Summer intern"})
    page = client.get(f"/pool/{personas.organization.pk}/").content.decode()
    assert "Great with data" in page and "data" in page and "Summer intern" in page
    assert PoolInvitation.objects.filter(project=project, talent=pooled).exists()
    other_project = make_project(organization=personas.other_organization)
    client.post(f"{base}/invite/", {"project_id": other_project.pk})
    assert not PoolInvitation.objects.filter(project=other_project).exists()
    mine = login(pooled).get("/pool/invitations/").content.decode()
    assert "Apply?" in mine and "Summer intern" in mine
    invitation = PoolInvitation.objects.get()
    login(pooled).post(f"/pool/invitations/{invitation.pk}/answer/", {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"


def test_the_pool_page_costs_a_bounded_number_of_queries(personas: Any) -> None:
    client = login(personas.company_owner)
    url = f"/pool/{personas.organization.pk}/"
    for size in (3, 6):
        while len({e.talent_id for e in _completed(personas)}) < size:
            talent: Any = TalentFactory()
            engagement_for(make_project(organization=personas.organization), talent=talent, status="paid")
            PoolNote.objects.create(organization=personas.organization, talent=talent, body="note")
            PoolTag.objects.create(organization=personas.organization, talent=talent, name="tag")
        with assert_max_queries(20):
            assert client.get(url).status_code == 200


def _completed(personas: Any) -> Any:
    return Engagement.objects.filter(project__organization=personas.organization, status="paid")
