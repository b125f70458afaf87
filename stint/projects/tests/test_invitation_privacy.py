"""Project invitations by email answer the same for known and unknown addresses, and reach the
talent account that has confirmed the address (issue 9)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from stint.core.testing.factories import TalentFactory
from stint.notifications.models import Notification
from stint.projects.models import ProjectInvitation
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas):
    return ProjectFactory(organization=personas.organization, visibility="invite_only")


def invite(client, project, email):
    return client.post(f"projects/{project.pk}/invitations", {"talent_email": email})


def test_the_answer_is_the_same_for_a_talent_an_unknown_address_and_another_role(api_client_for, personas, project):
    client = api_client_for(personas.company_owner)
    answers = {
        who: invite(client, project, email)
        for who, email in [
            ("talent", personas.talent.email),
            ("unknown", "nobody@example.test"),
            ("advisor", personas.advisor.email),
        ]
    }
    assert {r.status_code for r in answers.values()} == {201}
    shapes = {tuple(sorted(r.json())) for r in answers.values()}
    assert shapes == {("created_at", "email", "id", "project_id")}
    body = answers["talent"].content.decode()
    assert str(personas.talent.pk) not in body and personas.talent.name not in body
    assert ProjectInvitation.objects.filter(project=project).count() == 3


def test_the_manage_page_lists_addresses_only(client, personas, project):
    talent = TalentFactory(name="Zelda Quarrington")
    ProjectInvitation.objects.create(project=project, email=talent.email, talent=talent)
    ProjectInvitation.objects.create(project=project, email="nobody@example.test")
    client.force_login(personas.company_owner)
    html = client.get(f"/projects/{project.pk}/manage/").content.decode()
    assert talent.email in html and "nobody@example.test" in html
    assert "Zelda" not in html  # whether an address has an account (and whose) is not shown


def test_the_web_form_says_the_same_for_known_and_unknown_addresses(client, personas, project):
    client.force_login(personas.company_owner)
    texts = []
    for email in (personas.talent.email, "nobody@example.test"):
        page = client.post(f"/projects/{project.pk}/invitations/", {"talent_email": email}, follow=True)
        text = page.content.decode().replace(email, "EMAIL")
        invited = re.search(r"Invited EMAIL\.[^<]*", text)
        assert invited, "no confirmation on the page"
        texts.append(invited.group(0))
    assert texts[0] == texts[1]


def test_an_invitation_waits_for_the_address_to_be_confirmed(
    api_client_for, personas, project, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    company = api_client_for(personas.company_owner)
    invite(company, project, "later@example.test")
    anonymous = api_client_for(None)
    anonymous.post(
        "auth/signup",
        {"email": "later@example.test", "password": "a-long-enough-passphrase-42", "name": "Later", "role": "talent"},
    )
    secret = anonymous.post("auth/token", {"email": "later@example.test", "password": "a-long-enough-passphrase-42"})
    talent_api = {"Authorization": f"Bearer {secret.json()['token']}"}
    assert anonymous.get(f"projects/{project.pk}", headers=talent_api).status_code == 404  # not confirmed yet

    found = re.search(r"https?://testserver(/accounts/confirm-email/[^\s]+)", str(mail.outbox[-1].body))
    assert found, "no confirmation link in the e-mail"
    link = found.group(1)
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(link).status_code == 302
    invitation = ProjectInvitation.objects.get(project=project, email="later@example.test")
    assert invitation.talent is not None and invitation.talent.email == "later@example.test"
    assert anonymous.get(f"projects/{project.pk}", headers=talent_api).status_code == 200
    assert Notification.objects.filter(user=invitation.talent, event="project.invited").count() == 1


def test_someone_who_registered_the_address_without_confirming_it_gets_nothing(api_client_for, personas, project):
    squatter = TalentFactory(email="victim@example.test")
    EmailAddress.objects.filter(user=squatter).update(verified=False)
    invite(api_client_for(personas.company_owner), project, "victim@example.test")
    invitation = ProjectInvitation.objects.get(project=project)
    assert invitation.talent is None
    assert api_client_for(squatter).get(f"projects/{project.pk}").status_code == 404
    assert not Notification.objects.filter(user=squatter).exists()
