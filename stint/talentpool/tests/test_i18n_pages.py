"""Every talent-pool page in English, Spanish and French: nothing of the app's own text is left in
English (issue 14, docs/i18n.md "Tests"); API errors and notifications follow the reader's
language while the error ``code`` stays."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from stint.core.errors import Conflict
from stint.core.testing.factories import CompanyUserFactory
from stint.core.testing.i18n import client_for, database_texts, page, untranslated
from stint.engagements.models import Review
from stint.notifications.models import Notification
from stint.organizations.models import Membership
from stint.payments.tests.factories import engagement_for
from stint.projects.tests.factories import ProjectFactory
from stint.talentpool import services
from stint.talentpool.models import Hire

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")
SAME = ("Message", "Notes")  # spelled the same in French


def data() -> frozenset[str]:
    stored = database_texts()
    return stored | {f"“{t}”" for t in stored} | {f"“{t}”".lstrip("“") for t in stored}


def assert_translated(client: Client, url: str, status: int = 200) -> None:
    english = page(client, url, "en", status)
    for language in LANGUAGES:
        other = page(client, url, language, status)
        assert untranslated(english, other, data=data(), allow=SAME) == [], (url, language)


@pytest.fixture
def pool(personas: Any) -> dict[str, Any]:
    """``personas.talent`` completed a project of ``personas.organization`` (reviewed), has a note,
    a tag, an invitation to apply, a pending and a confirmed hire; they follow the organization."""
    organization = personas.organization
    engagement = engagement_for(ProjectFactory(organization=organization), talent=personas.talent, status="paid")
    Review.objects.create(
        engagement=engagement,
        author=personas.company_owner,
        subject=personas.talent,
        organization=organization,
        side="company",
        rating=5,
        comment="Excellent analysis.",
    )
    owner, talent = personas.company_owner, personas.talent
    services.pool_note_add(actor=owner, organization=organization, talent=talent, body="Rehire for research")
    services.pool_tag_add(actor=owner, organization=organization, talent=talent, name="research")
    project = ProjectFactory(organization=organization)
    services.pool_invite(actor=owner, project=project, talent=talent, message="Join us")
    services.hire_record(actor=owner, organization=organization, talent=talent, kind="job", role_title="Analyst")
    confirmed = services.hire_record(
        actor=owner, organization=organization, talent=talent, kind="internship", role_title="Summer intern"
    )
    services.hire_answer(actor=talent, hire=confirmed, confirm=True, show_on_portfolio=True)
    services.follow(actor=talent, organization=organization)
    return {"organization": organization, "project": project}


def test_the_pool_page(personas, pool):
    pk = pool["organization"].pk
    assert_translated(client_for(personas.company_member), f"/pool/{pk}/")
    assert_translated(client_for(personas.company_member), f"/pool/{pk}/?tag=design")
    assert_translated(client_for(personas.other_company_member), f"/pool/{personas.other_organization.pk}/")


def test_the_pool_index(personas, pool):
    assert_translated(client_for(CompanyUserFactory()), "/pool/")  # no organization
    two = personas.company_owner
    Membership.objects.create(organization=personas.other_organization, user=two, role="member")
    assert_translated(client_for(two), "/pool/")


@pytest.mark.parametrize("persona", ["talent", "other_talent"])
def test_invitations_and_hires_of_a_talent(personas, pool, persona):
    assert_translated(client_for(getattr(personas, persona)), "/pool/invitations/")


def test_fragments_on_other_pages(personas, pool):
    """The follow box on an organization's page and the hires on a talent's portfolio."""
    template = Template(
        "{% load talentpool_tags %}{% organization_network organization user %}{% confirmed_hires user %}"
    )

    def render(language: str, user: Any) -> str:
        with translation.override(language):
            return template.render(Context({"organization": pool["organization"], "user": user}))

    for user in (personas.talent, personas.other_talent):
        english = render("en", user)
        assert "Hires from Stint" in english
        for language in LANGUAGES:
            assert untranslated(english, render(language, user), data=data(), allow=SAME) == [], language
    assert "Hired after a micro-internship" in render("en", personas.talent)


def test_api_error_detail_follows_the_language_and_the_code_stays(personas, pool, api_client_for):
    client = api_client_for(personas.company_owner)
    url = f"projects/{pool['project'].pk}/pool-invitations"
    body = {"talent_id": str(personas.talent.pk)}
    english = client.post(url, body, headers={"Accept-Language": "en"})
    french = client.post(url, body, headers={"Accept-Language": "fr"})
    assert english.status_code == french.status_code == 409
    assert english.json()["code"] == french.json()["code"] == "already_invited"
    assert english.json()["detail"] == "This talent is already invited to this project."
    assert french.json()["detail"] == "Ce talent est déjà invité à ce projet."

    with translation.override("fr"):
        assert french.json()["title"] == str(Conflict.title)  # the core catalogue's


def test_notifications_are_written_in_the_recipients_language(personas, django_capture_on_commit_callbacks):
    organization = personas.organization
    talent, owner = personas.talent, personas.company_owner
    talent.language, owner.language = "fr", "es"
    talent.save(update_fields=["language"])
    owner.save(update_fields=["language"])
    engagement_for(ProjectFactory(organization=organization), talent=talent, status="paid")
    project = ProjectFactory(organization=organization, title="Data sprint")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        invitation = services.pool_invite(actor=owner, project=project, talent=talent, message="")
        hire = services.hire_record(
            actor=owner, organization=organization, talent=talent, kind="internship", role_title="Intern"
        )
        services.pool_invitation_answer(actor=talent, invitation=invitation, accept=True)
    invited = Notification.objects.get(user=talent, event="pool.invited")
    assert invited.title == "Acme Analytics vous invite à postuler à « Data sprint »"
    recorded = Notification.objects.get(user=talent, event="hire.recorded")
    assert recorded.title == "Acme Analytics a enregistré que vous avez accepté un stage : merci de le confirmer"
    answered = Notification.objects.get(user=owner, event="pool.invitation_accepted")
    assert answered.title.endswith("aceptó tu invitación a «Data sprint»")
    assert Hire.objects.filter(pk=hire.pk).exists()
