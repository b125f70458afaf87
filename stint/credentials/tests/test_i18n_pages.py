"""Every credentials page in each shipped language (public portfolio and verification pages for
anonymous visitors too): no English left in the app's part of the page (``<main>``); an API error
keeps its code while its texts follow the language; a reference notification is written in the
recipient's language. The signed credential, its JSON-LD and the JSON Resume stay English."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.functional import Promise

from stint.core.errors import ValidationFailed
from stint.core.testing.i18n import client_for, database_texts, main_html, untranslated
from stint.credentials.charts import dashboard_data
from stint.credentials.models import Credential
from stint.credentials.references import reference_consent
from stint.credentials.services import endorsements_set, portfolio_update
from stint.engagements import services as engagements
from stint.engagements.models import Engagement
from stint.messaging.models import Connection
from stint.notifications.models import Notification
from stint.projects.models import ProjectSkill

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


@pytest.fixture
def scene(approved: Any, personas: Any) -> Any:
    skill = ProjectSkill.objects.filter(project=approved.project).values_list("skill_id", flat=True).first()
    endorsements_set(
        actor=personas.company_owner,
        engagement=approved,
        levels={str(skill): 4},
        confidential=False,
        public_summary="A comparison of five budgeting apps.",
    )
    engagements.review_create(author=personas.company_owner, engagement=approved, rating=5, comment="Clear and on time")
    engagements.review_create(author=personas.talent, engagement=approved, rating=4, comment="Good brief")
    portfolio_update(user=personas.talent, slug="sam-rivera", published=True, show_reviews=True)
    return approved


def _hour_values(user: Any) -> set[str]:
    """The dashboard's hour values ("3h"): a number and the unit symbol, the same in every language."""
    values: set[str] = set()
    for language in ("en", *LANGUAGES):
        with translation.override(language):
            for chart in dashboard_data(user)["charts"]:
                values.update(f"{value}{chart['unit']}" for _, value in chart["rows"] if chart["unit"])
    return values


def _data_texts() -> frozenset[str]:
    """Stored texts, plus the "title (organization)" lines the settings page shows as written."""
    shown = {
        f"{e.project.title} ({e.project.organization.name})"
        for e in Engagement.objects.select_related("project__organization")
    }
    return database_texts() | shown


def _check(client: Client, path: str, *, method: str = "get", data: Any = None, status: int = 200, allow=()) -> Any:
    pages = {}
    for language in ("en", *LANGUAGES):
        call = getattr(client, method)
        response = (
            call(path, data, HTTP_ACCEPT_LANGUAGE=language) if data else call(path, HTTP_ACCEPT_LANGUAGE=language)
        )
        assert response.status_code == status, (path, language, response.status_code)
        pages[language] = main_html(response.content.decode())
    texts = _data_texts()
    for language in LANGUAGES:
        assert untranslated(pages["en"], pages[language], data=texts, allow=allow) == [], (path, language)
    return pages


@pytest.mark.parametrize("who", ["talent", "company_owner", None])
def test_the_public_portfolio_is_translated(scene: Any, personas: Any, who: Any) -> None:
    client = client_for(getattr(personas, who) if who else None)
    pages = _check(client, "/portfolio/sam-rivera/")
    assert "Proyectos verificados" in pages["es"]


@pytest.mark.parametrize("who", ["talent", None])
def test_the_credential_and_verification_pages_are_translated(scene: Any, personas: Any, who: Any) -> None:
    credential = Credential.objects.get(engagement=scene)
    client = client_for(getattr(personas, who) if who else None)
    _check(client, f"/credentials/{credential.pk}/")
    jwks = ("JWKS",)  # JSON Web Key Set: the standard's name, linked to the document
    _check(client, "/credentials/verify/", allow=jwks)
    verified = _check(client, "/credentials/verify/", method="post", data={"credential": credential.jwt}, allow=jwks)
    assert "Verificada" in verified["es"]
    forged = credential.jwt[:-4] + ("AAAA" if not credential.jwt.endswith("AAAA") else "BBBB")
    invalid = _check(client, "/credentials/verify/", method="post", data={"credential": forged}, allow=jwks)
    assert "No válida" in invalid["es"]
    _check(client, "/credentials/verify/", method="post", data={"credential": "not a token"}, allow=jwks)


def test_the_company_pages_are_translated(scene: Any, personas: Any) -> None:
    client = client_for(personas.company_owner)
    url = f"/credentials/engagements/{scene.pk}/endorse/"
    _check(client, url)
    _check(client, url, method="post", data={"publish": "yes", "public_summary": ""}, status=422)
    _check(client, "/connections/")


def test_the_talent_pages_are_translated(scene: Any, personas: Any) -> None:
    client = client_for(personas.talent)
    _check(client, "/portfolio/settings/")
    _check(client, "/portfolio/settings/", method="post", data={"slug": "admin", "published": "on"}, status=422)
    dashboard = _check(client, "/portfolio/dashboard/", allow=_hour_values(personas.talent))
    assert "Horas trabajadas por mes" in dashboard["es"]
    _check(client, "/connections/")


def test_the_connections_page_in_every_reference_state(scene: Any, personas: Any) -> None:
    connection = Connection.objects.get(talent=personas.talent)
    reference_consent(actor=personas.talent, connection=connection)
    _check(client_for(personas.talent), "/connections/")  # asked
    _check(client_for(personas.company_owner), "/connections/")  # asked of you
    reference_consent(actor=personas.company_owner, connection=connection, note="Careful writer")
    _check(client_for(personas.talent), "/connections/")  # listed
    _check(Client(), "/portfolio/sam-rivera/")  # the reference on the portfolio


def test_an_empty_dashboard_and_connections_page(personas: Any) -> None:
    _check(client_for(personas.talent), "/portfolio/dashboard/")
    _check(client_for(personas.talent), "/connections/")


def test_the_engagement_panel_fragment_is_translated(scene: Any, personas: Any) -> None:
    from django.template import Context, Template

    template = Template("{% load credentials_tags %}{% engagement_credential_panel engagement side %}")
    for side in ("talent", "company"):
        with translation.override("en"):
            en = template.render(Context({"engagement": scene, "side": side}))
        for language in LANGUAGES:
            with translation.override(language):
                other = template.render(Context({"engagement": scene, "side": side}))
            assert untranslated(en, other, data=database_texts()) == [], (side, language)


def test_the_certificate_pdf_speaks_the_language_but_the_credential_stays_english(scene: Any) -> None:
    from pypdf import PdfReader

    credential = Credential.objects.get(engagement=scene)
    body = Client().get(f"/credentials/{credential.pk}/certificate.pdf", HTTP_ACCEPT_LANGUAGE="fr").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "Stint certifie que" in text
    api = Client().get(f"/api/v1/credentials/{credential.pk}", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert api["credential"] == credential.payload  # the signed document is never translated


def test_api_error_is_translated_and_keeps_its_code(scene: Any, personas: Any, api_client_for: Any) -> None:
    connection = Connection.objects.get(talent=personas.talent)
    client = api_client_for(personas.company_owner)
    bodies = {}
    for language in ("en", "es"):
        response = client.post(
            f"connections/{connection.pk}/reference", {"note": "x" * 400}, headers={"Accept-Language": language}
        )
        assert response.status_code == 422
        bodies[language] = response.json()
    assert bodies["en"]["code"] == bodies["es"]["code"] == "note_too_long"
    assert bodies["es"]["detail"] == "La nota debe tener menos de 300 caracteres."
    assert bodies["es"]["errors"][0]["message"] == "Como máximo 300 caracteres."
    if isinstance(ValidationFailed.title, Promise):  # core's titles are lazy once the core i18n work is in
        assert bodies["es"]["title"] != bodies["en"]["title"]


def test_the_reference_notification_is_in_the_recipients_language(scene: Any, personas: Any) -> None:
    connection = Connection.objects.get(talent=personas.talent)
    personas.company_owner.language = "fr"
    personas.company_owner.save(update_fields=["language"])
    personas.talent.language = "es"
    personas.talent.save(update_fields=["language"])
    response = client_for(personas.talent).post(
        f"/connections/{connection.pk}/reference/give/", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 302
    to_owner = Notification.objects.get(user=personas.company_owner, event="reference.asked")
    assert "vous demande d’accepter une référence" in to_owner.title
    with translation.override("fr"):  # the actor's language
        reference_consent(actor=personas.company_owner, connection=connection)
    to_talent = Notification.objects.get(user=personas.talent, event="reference.listed")
    assert "cuenta con el acuerdo de ambos" in to_talent.title
