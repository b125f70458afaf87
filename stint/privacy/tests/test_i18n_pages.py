"""The "Your data" pages in English, Spanish and French: nothing of the app's own text is left in
English (issue 14, docs/i18n.md "Tests"); refusals and API errors follow the reader's language while
their ``code`` stays. The app sends no notification."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from stint.core.errors import Conflict
from stint.core.testing.i18n import database_texts, main_html, untranslated
from stint.privacy import services
from stint.privacy.models import DataExport, ExportStatus

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")
PASSWORD = "correct horse battery staple"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html(response: Any) -> str:
    return main_html(response.content.decode())


def assert_same_page_translated(request: Any, status: int = 200) -> None:
    """``request(language)`` → a response; the es and fr ones show no English of the app."""
    english = request("en")
    assert english.status_code == status
    for language in LANGUAGES:
        other = request(language)
        assert other.status_code == status, language
        assert untranslated(html(english), html(other), data=database_texts()) == [], language


@pytest.mark.parametrize("persona", ["talent", "company_member", "advisor"])
def test_the_privacy_page_without_exports(personas, persona):
    client = client_for(getattr(personas, persona))
    assert_same_page_translated(lambda lang: client.get("/me/privacy/", HTTP_ACCEPT_LANGUAGE=lang))


def test_the_privacy_page_with_exports_in_every_status(personas):
    user = personas.talent
    ready = services.data_export_request(user=user)
    services.data_export_build(export_id=ready.pk)
    DataExport.objects.create(user=user, status=ExportStatus.FAILED)
    DataExport.objects.create(user=user, status=ExportStatus.EXPIRED)
    services.data_export_request(user=user)  # pending
    client = client_for(user)
    page = client.get("/me/privacy/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Prêt à télécharger" in page and "Télécharger le zip" in page
    assert_same_page_translated(lambda lang: client.get("/me/privacy/", HTTP_ACCEPT_LANGUAGE=lang))


def test_the_delete_page_its_errors_and_a_refusal(personas):
    talent = personas.talent
    talent.set_password(PASSWORD)
    talent.save()
    client = client_for(talent)
    assert_same_page_translated(lambda lang: client.get("/me/privacy/delete/", HTTP_ACCEPT_LANGUAGE=lang))
    wrong = {"password": "wrong", "confirm": "on"}
    assert_same_page_translated(
        lambda lang: client.post("/me/privacy/delete/", wrong, HTTP_ACCEPT_LANGUAGE=lang), status=422
    )
    assert_same_page_translated(
        lambda lang: client.post("/me/privacy/delete/", {}, HTTP_ACCEPT_LANGUAGE=lang), status=422
    )
    owner = client_for(personas.company_owner)  # the only owner of Acme Analytics
    assert_same_page_translated(lambda lang: owner.get("/me/privacy/delete/", HTTP_ACCEPT_LANGUAGE=lang))
    spanish = owner.get("/me/privacy/delete/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Eres el único propietario de una organización" in spanish


def test_api_error_detail_follows_the_language_and_the_code_stays(personas, api_client_for):
    owner = personas.company_owner
    owner.set_password(PASSWORD)
    owner.save()
    client = api_client_for(owner)
    body = {"password": PASSWORD, "confirm": True}
    english = client.post("me/delete", body, headers={"Accept-Language": "en"})
    french = client.post("me/delete", body, headers={"Accept-Language": "fr"})
    assert english.status_code == french.status_code == 409
    assert english.json()["code"] == french.json()["code"] == "account_delete_last_owner"
    assert french.json()["detail"] == (
        "Vous êtes le seul propriétaire d’une organisation : nommez d’abord un autre membre propriétaire."
    )

    with translation.override("fr"):
        assert french.json()["title"] == str(Conflict.title)  # the core catalogue's
    pending = api_client_for(personas.talent)
    assert pending.post("me/data-exports", {}).status_code == 202
    again = pending.post("me/data-exports", {}, headers={"Accept-Language": "es"})
    assert again.status_code == 409 and again.json()["code"] == "export_pending"
    assert again.json()["detail"] == "Ya se está preparando una exportación; estará lista en unos minutos."
