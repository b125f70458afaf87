"""The flows' pages and actions in Spanish and French (docs/i18n.md).

The flows render templates of the applications and payments apps (the apply form, the applicant
list, the publish confirmation): what the flows themselves write (column labels, flash messages, the
confirmation's error, API error details) is checked here in es/fr; the whole ``<main>`` is checked
too once the app owning the template ships its catalogue (skipped before, as on a branch without it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.i18n import database_texts, main_html, untranslated
from stint.organizations.tests.factories import OrganizationFactory
from stint.projects.choices import ProjectStatus
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


def _get(client: Any, url: str) -> dict[str, Any]:
    return {language: client.get(url, HTTP_ACCEPT_LANGUAGE=language) for language in ("en", *LANGUAGES)}


def _whole_page_translated(responses: dict[str, Any], template_app: str) -> None:
    if not (Path(settings.BASE_DIR) / "stint" / template_app / "locale").is_dir():
        pytest.skip(f"the {template_app} app ships no catalogue on this branch")
    data = database_texts()
    english = main_html(responses["en"].content.decode())
    for language in LANGUAGES:
        left = untranslated(english, main_html(responses[language].content.decode()), data=data)
        assert left == [], (language, left)


@pytest.fixture
def project(personas: Any) -> Any:
    return ProjectFactory(organization=personas.organization, title="Open one")


def test_apply_form(client, personas, project):
    client.force_login(personas.talent)
    responses = _get(client, f"/applications/apply/{project.pk}/")
    assert {r.status_code for r in responses.values()} == {200}
    assert responses["es"].headers["Content-Language"] == "es"
    _whole_page_translated(responses, "applications")


@pytest.mark.parametrize(("language", "label"), [("es", "Afinidad"), ("fr", "Adéquation")])
def test_applicant_list_columns_are_translated(client, personas, project, language, label):
    ApplicationFactory(project=project, talent=personas.talent)
    client.force_login(personas.company_owner)
    html = client.get(f"/applications/project/{project.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert label in html
    assert ">Rubric total<" not in html


def test_applicant_list(client, personas, project):
    ApplicationFactory(project=project, talent=personas.talent)
    client.force_login(personas.company_owner)
    responses = _get(client, f"/applications/project/{project.pk}/")
    assert {r.status_code for r in responses.values()} == {200}
    _whole_page_translated(responses, "applications")


def test_publish_confirmation(client, personas):
    draft = ProjectFactory(organization=personas.organization, status=ProjectStatus.DRAFT, published_at=None)
    client.force_login(personas.company_owner)
    responses = _get(client, f"/payments/projects/{draft.pk}/publish/")
    assert {r.status_code for r in responses.values()} == {200}
    _whole_page_translated(responses, "payments")


def test_publish_confirmation_asks_to_confirm_the_amount_in_the_language(client, personas):
    draft = ProjectFactory(organization=personas.organization, status=ProjectStatus.DRAFT, published_at=None)
    client.force_login(personas.company_owner)
    url = f"/payments/projects/{draft.pk}/publish/"
    spanish = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Confirma el importe: al publicar se cobran" in spanish
    french = client.post(url, {"confirm_total_minor": "1", "confirm_currency": "USD"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 409
    assert "Le montant a changé depuis l’affichage de la page" in french.content.decode()


def test_applying_twice_says_so_in_the_language(client, personas, project):
    ApplicationFactory(project=project, talent=personas.talent)
    client.force_login(personas.talent)
    response = client.get(f"/applications/apply/{project.pk}/", HTTP_ACCEPT_LANGUAGE="es", follow=True)
    assert "Ya te postulaste a este proyecto." in response.content.decode()


@pytest.mark.parametrize(
    ("action", "language", "message"),
    [
        ("close", "fr", "Clôturé. Les candidats encore en attente ont été informés."),
        ("cancel", "es", "Cancelado. Se avisó a todas las personas que postularon."),
    ],
)
def test_ending_a_project_confirms_in_the_language(client, personas, project, action, language, message):
    client.force_login(personas.company_owner)
    response = client.post(
        f"/projects/{project.pk}/{action}/",
        {f"{action}-reason": "The brief changed."},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )
    assert message in response.content.decode()


def test_api_error_is_translated_and_its_code_is_not(api_client_for, personas):
    draft = ProjectFactory(organization=personas.organization, status=ProjectStatus.DRAFT, published_at=None)
    client = api_client_for(personas.company_owner)
    url = f"projects/{draft.pk}/close"
    english = client.post(url, {"reason": "Done."}, headers={"Accept-Language": "en"})
    spanish = client.post(url, {"reason": "Done."}, headers={"Accept-Language": "es"})
    assert english.status_code == spanish.status_code == 409
    assert english.json()["code"] == spanish.json()["code"] == "illegal_transition"
    assert spanish.json()["detail"] == "Un proyecto en estado «borrador» no se puede cerrar."
    with translation.override("es"):
        assert spanish.json()["title"] == translation.gettext("The request conflicts with the current state")


def test_staff_verification_message_is_translated(client, personas):
    organization = OrganizationFactory(verified_at=None, name="Acme Lagos")
    client.force_login(personas.staff)
    response = client.post(
        f"/organizations/staff/verification/{organization.pk}/verify/", HTTP_ACCEPT_LANGUAGE="fr", follow=True
    )
    assert "Acme Lagos est vérifiée." in response.content.decode()
