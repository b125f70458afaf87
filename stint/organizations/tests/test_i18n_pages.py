"""Every organizations page in English, Spanish and French: nothing of the app's own text is left in
English (issue 14, docs/i18n.md "Tests"); API error texts follow the request's language while the
``code`` stays; notifications are written in the recipient's language."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from stint.core.errors import Conflict
from stint.core.testing.factories import CompanyUserFactory
from stint.core.testing.i18n import client_for, database_texts, main_html, page, untranslated
from stint.notifications.models import Notification
from stint.organizations import services
from stint.organizations.models import Organization
from stint.organizations.tests.factories import OrganizationFactory
from stint.projects.tests.factories import ProjectFactory
from stint.skills import proposals

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


# Words spelled the same in English and French.
SAME = ("Action",)


def assert_translated(client: Client, url: str, status: int = 200) -> None:
    english = page(client, url, "en", status)
    for language in LANGUAGES:
        other = page(client, url, language, status)
        assert untranslated(english, other, data=database_texts(), allow=SAME) == [], (url, language)


@pytest.fixture
def world(personas: Any) -> dict[str, Any]:
    """The persona organization with a pending invitation, an open project and a proposed skill,
    and an unverified organization for staff."""
    organization = personas.organization
    personas.company_admin
    personas.company_member
    organization.size = "11-50"
    organization.save(update_fields=["size"])
    invitee = CompanyUserFactory(email="invitee@example.test")
    invitation = services.invitation_create(
        actor=personas.company_owner, organization=organization, email=invitee.email, role="admin"
    )
    ProjectFactory(organization=organization)
    proposals.skill_propose(
        organization_id=organization.pk, actor=personas.company_owner, label="Quantum basket weaving", note=""
    )
    unverified = OrganizationFactory(name="Pending Ltd", slug="pending-ltd")
    return {"organization": organization, "invitation": invitation, "invitee": invitee, "unverified": unverified}


@pytest.mark.parametrize("persona", ["company_owner", "company_member", "talent", "advisor"])
def test_my_organizations(personas, world, persona):
    assert_translated(client_for(getattr(personas, persona)), "/organizations/")


def test_my_organizations_without_any(personas, world):
    assert_translated(client_for(CompanyUserFactory()), "/organizations/")


def test_create_form_and_its_errors(personas, world):
    client = client_for(personas.company_owner)
    assert_translated(client, "/organizations/new/")
    english = client.post("/organizations/new/", {"name": "", "website": "nope"}, HTTP_ACCEPT_LANGUAGE="en")
    for language in LANGUAGES:
        other = client.post("/organizations/new/", {"name": "", "website": "nope"}, HTTP_ACCEPT_LANGUAGE=language)
        assert other.status_code == english.status_code == 200
        found = untranslated(
            main_html(english.content.decode()), main_html(other.content.decode()), data=database_texts()
        )
        assert found == [], language


@pytest.mark.parametrize("persona", ["company_owner", "company_admin", "company_member"])
def test_dashboard_and_members(personas, world, persona):
    client = client_for(getattr(personas, persona))
    pk = world["organization"].pk
    assert_translated(client, f"/organizations/{pk}/")
    assert_translated(client, f"/organizations/{pk}/members/")
    assert_translated(client, f"/organizations/{pk}/skills/propose/")


def test_edit_profile(personas, world):
    assert_translated(client_for(personas.company_owner), f"/organizations/{world['organization'].pk}/edit/")


@pytest.mark.parametrize("persona", ["anonymous", "talent", "company_owner", "other_company_member"])
def test_public_page(personas, world, persona):
    user = None if persona == "anonymous" else getattr(personas, persona)
    assert_translated(client_for(user), "/organizations/o/acme/")
    assert_translated(client_for(user), "/organizations/o/pending-ltd/")


def test_staff_verification(personas, world):
    assert_translated(client_for(personas.staff), "/organizations/staff/verification/")
    Organization.objects.update(verified_at=timezone.now())
    assert_translated(client_for(personas.staff), "/organizations/staff/verification/")


def test_invitation_pages(personas, world):
    invitation = world["invitation"]
    url = services.invitation_url(invitation)
    assert_translated(client_for(world["invitee"]), url)  # pending, can join
    assert_translated(client_for(personas.company_owner), f"/organizations/{invitation.organization_id}/members/")
    # expired
    type(invitation).objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    assert_translated(client_for(world["invitee"]), url)


def test_invitation_page_for_a_talent(personas, world):
    invitation = services.invitation_create(
        actor=personas.company_owner, organization=world["organization"], email=personas.talent.email, role="member"
    )
    assert_translated(client_for(personas.talent), services.invitation_url(invitation))


def test_api_error_detail_follows_the_language_and_the_code_stays(personas, api_client_for):
    client = api_client_for(personas.company_owner)
    url = f"organizations/{personas.organization.pk}/leave"
    english = client.post(url, {}, headers={"Accept-Language": "en"})
    spanish = client.post(url, {}, headers={"Accept-Language": "es"})
    assert english.status_code == spanish.status_code == 409
    assert english.json()["code"] == spanish.json()["code"] == "last_owner"
    assert spanish.json()["detail"] == "Eres el último propietario: nombra a otra persona propietaria antes de salir."
    # The title is the error class's (stint.core.errors), translated by the core catalogue.
    with translation.override("es"):
        assert spanish.json()["title"] == str(Conflict.title)


def test_notifications_are_written_in_the_recipients_language(personas, django_capture_on_commit_callbacks):
    invitee = CompanyUserFactory(email="francoise@example.test", language="fr")
    owner = personas.company_owner
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):  # the actor reads Spanish
        invitation = services.invitation_create(
            actor=owner, organization=personas.organization, email=invitee.email, role="member"
        )
    notification = Notification.objects.get(user=invitee, event="organization.invitation")
    assert notification.title == "Vous êtes invité à rejoindre Acme Analytics"
    assert "en tant que membre" in notification.body
    from django.core import mail

    assert mail.outbox[-1].subject == "Rejoignez Acme Analytics sur Stint"
    # The owner reads Spanish; the invitee accepting notifies the owner in Spanish.
    owner.language = "es"
    owner.save(update_fields=["language"])
    with translation.override("fr"):
        services.invitation_accept(actor=invitee, invitation=invitation)
    accepted = Notification.objects.get(user=owner, event="organization.invitation_accepted")
    assert accepted.title.endswith("se unió a Acme Analytics")
