"""The gates live in the services, so every caller obeys them (page, API, flows, demo, tests):

* a new charge (``project_fund``, ``project_fund_opening``) needs a payment method the provider in
  use can charge, else ``409 payment_method_required`` before any row is written;
* a payout (``payout_request``) needs a connected payout account the provider in use can pay
  into, else ``409 payout_account_required`` before any row is written, with the test provider
  as with Stripe: a payout to nowhere never exists, so it never shows "Succeeded".
"""

from __future__ import annotations

from typing import Any

import pytest

from stint.core.errors import ApplicationError
from stint.core.testing.factories import TalentFactory
from stint.flows import publishing
from stint.payments.invariants import ledger_violations
from stint.payments.models import Funding, LedgerTransaction, PaymentMethod, Payout, PayoutAccount
from stint.payments.providers import StripeProvider
from stint.payments.selectors import balance_for_user
from stint.payments.services import engagement_release, payout_request, project_fund
from stint.payments.testing import card_on_file, payout_account_connected
from stint.payments.tests.factories import draft_project, engagement_for, funded_project
from stint.projects import services as projects
from stint.projects.choices import ProjectStatus
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db


def _money_rows() -> tuple[int, int, int]:
    return Funding.objects.count(), Payout.objects.count(), LedgerTransaction.objects.count()


def _stripe_on(settings: Any, monkeypatch: Any) -> list[Any]:
    calls: list[Any] = []
    monkeypatch.setattr(StripeProvider, "_request", lambda self, *args: calls.append(args))
    settings.STRIPE_SECRET_KEY = "sk_test_51PqXjzLkdIwHu7ix"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"
    return calls


@pytest.fixture
def earned(personas):
    """A fresh talent with 500.00 USD earned and no payout account."""
    talent = TalentFactory()
    project = funded_project(personas.organization)
    engagement_release(engagement=engagement_for(project, talent=talent, status="approved"), actor=None)
    return talent


def test_publishing_without_a_card_is_refused_by_the_flow_and_writes_nothing(personas):
    PaymentMethod.objects.filter(organization=personas.organization).delete()
    project = projects.project_create(
        actor=personas.company_owner, organization=personas.organization, data=valid_data()
    )
    before = _money_rows()
    with pytest.raises(ApplicationError) as exc:
        publishing.project_publish(actor=personas.company_owner, project=project)
    assert (exc.value.code, exc.value.status) == ("payment_method_required", 409)
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT and _money_rows() == before

    card_on_file(personas.organization)
    assert publishing.project_publish(actor=personas.company_owner, project=project).status == ProjectStatus.OPEN


def test_funding_directly_without_a_card_is_refused_too(personas):
    project = draft_project()  # a fresh organization: no card on file
    with pytest.raises(ApplicationError) as exc:
        project_fund(project=project, actor=None)
    assert exc.value.code == "payment_method_required"
    assert _money_rows() == (0, 0, 0)


def test_a_project_already_funded_needs_no_card_to_replay(personas):
    project = funded_project(personas.organization)
    first = Funding.objects.get(project=project)
    PaymentMethod.objects.filter(organization=personas.organization).delete()
    assert project_fund(project=project, actor=None).pk == first.pk  # nothing new is charged
    assert Funding.objects.count() == 1


def test_a_payout_without_an_account_is_refused_by_the_test_provider(earned):
    balance, rows = balance_for_user(earned), _money_rows()
    with pytest.raises(ApplicationError) as exc:
        payout_request(user=earned, amount_minor=10_000, currency="USD", idempotency_key="nowhere")
    assert (exc.value.code, exc.value.status) == ("payout_account_required", 409)
    assert balance_for_user(earned) == balance and _money_rows() == rows
    assert not Payout.objects.filter(user=earned).exists() and ledger_violations() == []

    payout_account_connected(earned)
    payout = payout_request(user=earned, amount_minor=10_000, currency="USD", idempotency_key="nowhere")
    assert payout.status == "succeeded"


def test_a_disabled_account_does_not_count(earned):
    PayoutAccount.objects.create(user=earned, provider="test", payouts_enabled=False)
    with pytest.raises(ApplicationError) as exc:
        payout_request(user=earned, amount_minor=100, currency="USD", idempotency_key="off")
    assert exc.value.code == "payout_account_required" and not Payout.objects.exists()


def test_under_stripe_a_simulated_account_is_refused_without_calling_stripe(earned, settings, monkeypatch):
    payout_account_connected(earned)  # simulated: Stripe cannot pay into it
    balance, rows = balance_for_user(earned), _money_rows()
    calls = _stripe_on(settings, monkeypatch)
    with pytest.raises(ApplicationError) as exc:
        payout_request(user=earned, amount_minor=10_000, currency="USD", idempotency_key="stripe-nowhere")
    assert exc.value.code == "payout_account_required"
    assert balance_for_user(earned) == balance and _money_rows() == rows and calls == []


def test_a_replayed_payout_is_returned_even_if_the_account_went_away(earned):
    payout_account_connected(earned)
    first = payout_request(user=earned, amount_minor=100, currency="USD", idempotency_key="again")
    PayoutAccount.objects.filter(user=earned).delete()
    assert payout_request(user=earned, amount_minor=100, currency="USD", idempotency_key="again").pk == first.pk
    assert Payout.objects.count() == 1
