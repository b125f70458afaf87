"""Every payments page (earnings, payout account, payment method, statement, receipts, the publish
confirmation) in Spanish and French leaves no English behind; API error titles are translated while
their codes are not; the failed-payout notice is written in the talent's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from stint.core.formatting import format_money
from stint.core.testing.factories import TalentFactory
from stint.core.testing.i18n import database_texts, main_html, untranslated
from stint.flows import publishing
from stint.notifications.models import Notification
from stint.payments.invoices import invoice_list_for_organization
from stint.payments.models import PaymentMethod
from stint.payments.services import engagement_release, payout_request
from stint.payments.testing import payout_account_connected
from stint.payments.tests.factories import draft_project, engagement_for, funded_project
from stint.projects import services as project_services
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "fr")


def _get(client: Client, url: str, language: str, status: int = 200) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == status, (url, language, response.status_code)
    return response.content.decode()


def _assert_translated(client: Client, url: str) -> None:
    english = main_html(_get(client, url, "en"))
    for language in LANGUAGES:
        left = untranslated(english, main_html(_get(client, url, language)), data=database_texts())
        assert left == [], (url, language, left)


def _publishable(personas: Any, **overrides: Any) -> Any:
    return project_services.project_create(
        actor=personas.company_owner, organization=personas.organization, data=valid_data(**overrides)
    )


@pytest.fixture
def earning_talent(personas: Any) -> Any:
    project = funded_project(personas.organization)
    engagement = engagement_for(project, talent=personas.talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    return personas.talent


def test_earnings_pages_are_translated(client, personas, earning_talent, settings):
    newcomer = TalentFactory()
    client.force_login(newcomer)
    _assert_translated(client, "/payments/earnings/")  # nothing yet, no payout account
    client.force_login(earning_talent)
    _assert_translated(client, "/payments/earnings/")  # a balance, no payout yet
    payout_request(user=earning_talent, amount_minor=10_000, currency="USD", idempotency_key="ok")
    settings.STINT_TEST_PROVIDER_FAIL_PAYOUTS = True
    payout_request(user=earning_talent, amount_minor=5_000, currency="USD", idempotency_key="failing")
    _assert_translated(client, "/payments/earnings/")  # payouts, a failed one, balance history


def test_a_refused_payout_form_is_translated(client, earning_talent):
    client.force_login(earning_talent)
    data = {"amount": "900", "currency": "USD", "idempotency_key": "k"}
    english = main_html(client.post("/payments/earnings/", data, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "You can pay out at most" in english
    for language in LANGUAGES:
        response = client.post("/payments/earnings/", data, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 422
        assert untranslated(english, main_html(response.content.decode()), data=database_texts()) == []


def test_payout_account_page_is_translated(client, personas):
    newcomer = TalentFactory()
    client.force_login(newcomer)
    _assert_translated(client, "/payments/payout-account/")  # not connected
    payout_account_connected(newcomer)
    _assert_translated(client, "/payments/payout-account/")  # connected


def test_payment_method_page_is_translated(client, personas):
    organization = personas.organization
    client.force_login(personas.company_owner)
    url = f"/payments/organizations/{organization.pk}/payment-method/"
    _assert_translated(client, url)  # a simulated card on file
    PaymentMethod.objects.filter(organization=organization).delete()
    _assert_translated(client, url)  # none yet


def test_statement_and_receipts_are_translated(client, personas, django_capture_on_commit_callbacks):
    organization = personas.organization
    client.force_login(personas.company_member)
    statement = f"/payments/organizations/{organization.pk}/statement/"
    _assert_translated(client, statement)  # no money moved yet
    project = _publishable(personas, openings=3)
    publishing.project_publish(actor=personas.company_owner, project=project)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.project_close(actor=personas.company_owner, project=project, reason="We found enough help.")
    _assert_translated(client, statement)
    invoices = invoice_list_for_organization(organization)
    assert {i.kind for i in invoices} == {"charge", "refund"}
    for invoice in invoices:
        _assert_translated(client, f"/payments/organizations/{organization.pk}/invoices/{invoice.id}/")


def test_receipt_pdf_document_is_translated(personas, django_capture_on_commit_callbacks):
    from django.template.loader import render_to_string

    project = _publishable(personas, openings=2)
    publishing.project_publish(actor=personas.company_owner, project=project)
    with translation.override("en"):
        (invoice,) = invoice_list_for_organization(personas.organization)
        english = render_to_string("payments/invoice_document.html", {"invoice": invoice})
    for language in LANGUAGES:
        with translation.override(language):  # the receipt is built and rendered in the reader's language
            (invoice,) = invoice_list_for_organization(personas.organization)
            other = render_to_string("payments/invoice_document.html", {"invoice": invoice})
            assert f'lang="{language}"' in other
            assert untranslated(english, other, data=database_texts()) == []


def test_publish_confirmation_is_translated(client, personas):
    project = draft_project(personas.organization, openings=2)
    client.force_login(personas.company_owner)
    _assert_translated(client, f"/payments/projects/{project.pk}/publish/")


def test_api_error_title_is_translated_and_its_code_is_not(api_client_for):
    newcomer = TalentFactory()  # no payout account
    api = api_client_for(newcomer)
    body = {"amount_minor": 100, "currency": "USD"}
    english = api.post("me/payouts", body, headers={"Accept-Language": "en", "Idempotency-Key": "a"}).json()
    spanish = api.post("me/payouts", body, headers={"Accept-Language": "es", "Idempotency-Key": "b"}).json()
    assert english["code"] == spanish["code"] == "payout_account_required"
    assert english["title"] == "Connect a payout account first"
    assert spanish["title"] == "Primero conecta una cuenta de cobro"
    assert spanish["detail"].startswith("Conecta una cuenta de cobro antes de solicitar un pago")


def test_failed_payout_notice_is_in_the_talents_language(earning_talent, settings):
    earning_talent.language = "fr"
    earning_talent.save(update_fields=["language"])
    settings.STINT_TEST_PROVIDER_FAIL_PAYOUTS = True
    with translation.override("es"):  # whoever runs it (a worker, staff in Spanish), the talent reads French
        payout_request(user=earning_talent, amount_minor=10_000, currency="USD", idempotency_key="p1")
    notice = Notification.objects.get(user=earning_talent, event="payments.payout_failed")
    assert notice.title == f"Votre versement de {format_money(10_000, 'USD', language='fr')} a échoué"
    assert notice.body.endswith("L’argent est revenu sur votre solde.")
