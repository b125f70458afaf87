"""Offering a freed opening needs a payment method: the top-up is a charge like publishing's. Without
one the offer is refused with ``409 payment_method_required`` before anything is written (no
funding row, no ledger line, no offer), on the page, over the API and in the flow itself; with
Stripe a simulated card does not count and Stripe is never called. The page sends the company to
add a card and back to where the offer was made."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from stint.applications.choices import ApplicationStatus
from stint.applications.tests.factories import ApplicationFactory
from stint.core.errors import ApplicationError
from stint.flows import hiring, settlement
from stint.payments.models import Funding, LedgerTransaction, PaymentMethod
from stint.payments.providers import StripeProvider
from stint.payments.testing import card_on_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def freed(personas, engagement, project):
    """``personas.talent`` dropped out (its fee refunded); ``other_talent`` is shortlisted; the
    organization has no payment method any more."""
    nxt = ApplicationFactory(project=project, talent=personas.other_talent, status=ApplicationStatus.SHORTLISTED)
    settlement.engagement_cancel(actor=personas.talent, engagement=engagement, reason="Exams")
    PaymentMethod.objects.filter(organization=personas.organization).delete()
    return engagement, nxt


def _snapshot(application: Any) -> tuple[int, int, str]:
    application.refresh_from_db()
    return Funding.objects.count(), LedgerTransaction.objects.count(), application.status


def _refused(exc: pytest.ExceptionInfo[ApplicationError]) -> None:
    assert (exc.value.code, exc.value.status) == ("payment_method_required", 409)


def test_the_flows_refuse_to_fund_a_freed_opening_without_a_card(personas, freed):
    engagement, nxt = freed
    before = _snapshot(nxt)
    with pytest.raises(ApplicationError) as exc:
        settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    _refused(exc)
    with pytest.raises(ApplicationError) as exc:
        hiring.application_offer(actor=personas.company_owner, application=nxt)
    _refused(exc)
    assert _snapshot(nxt) == before and before[2] == ApplicationStatus.SHORTLISTED

    card_on_file(personas.organization)
    offered = settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    assert offered.pk == nxt.pk and offered.status == ApplicationStatus.OFFERED


@pytest.mark.parametrize("route", ["offer-next", "application-offer"])
def test_the_api_answers_409_and_changes_nothing(personas, freed, api_client_for, route):
    engagement, nxt = freed
    before = _snapshot(nxt)
    path = f"engagements/{engagement.pk}/offer-next" if route == "offer-next" else f"applications/{nxt.pk}/offer"
    response = api_client_for(personas.company_owner).post(path)
    assert response.status_code == 409
    assert response.json()["code"] == "payment_method_required"
    assert response["Content-Type"].startswith("application/problem+json")
    assert _snapshot(nxt) == before


@pytest.mark.parametrize("route", ["offer-next", "application-offer"])
def test_the_page_sends_the_company_to_add_a_card_and_back(personas, freed, client, route):
    engagement, nxt = freed
    before = _snapshot(nxt)
    client.force_login(personas.company_owner)
    back = f"/engagements/{engagement.pk}/" if route == "offer-next" else f"/applications/{nxt.pk}/"
    path = f"/engagements/{engagement.pk}/offer-next/" if route == "offer-next" else f"/applications/{nxt.pk}/offer/"
    response = client.post(path)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == f"/payments/organizations/{personas.organization.pk}/payment-method/"
    assert parse_qs(target.query)["next"] == [back]
    assert _snapshot(nxt) == before

    page = client.get(response["Location"]).content.decode()
    assert "Nothing was charged and no offer was sent." in page
    added = client.post(response["Location"], {"card_number": "4242424242424242", "next": back})
    assert added.status_code == 302 and added["Location"] == back
    assert client.post(path).status_code == 302
    nxt.refresh_from_db()
    assert nxt.status == ApplicationStatus.OFFERED


def test_under_stripe_a_simulated_card_does_not_fund_an_opening(personas, freed, settings, monkeypatch, api_client_for):
    engagement, nxt = freed
    card_on_file(personas.organization)  # a simulated card: Stripe cannot charge it
    calls: list[Any] = []
    monkeypatch.setattr(StripeProvider, "_request", lambda self, *args: calls.append(args))
    settings.STRIPE_SECRET_KEY = "sk_test_51PqXjzLkdIwHu7ix"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"
    before = _snapshot(nxt)
    response = api_client_for(personas.company_owner).post(f"engagements/{engagement.pk}/offer-next")
    assert response.status_code == 409 and response.json()["code"] == "payment_method_required"
    assert _snapshot(nxt) == before and calls == []
