"""The Stripe set-up steps, offline: the adapter's HTTP call is replaced by queued answers shaped
like Stripe's (as in test_stripe.py). A company adds its card through Checkout in setup mode; a
talent connects a payout account through Connect onboarding."""

from __future__ import annotations

import pytest

from stint.core.testing.factories import TalentFactory
from stint.payments.models import Funding, PaymentMethod, Payout, PayoutAccount
from stint.payments.providers import ProviderUnavailable, StripeProvider
from stint.payments.services import engagement_release
from stint.payments.tests.factories import engagement_for, funded_project
from stint.projects import services as projects
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db

CHECKOUT_URL = "https://checkout.stripe.com/c/pay/cs_test_a1B2c3"
ONBOARDING_URL = "https://connect.stripe.com/setup/e/acct_1Pq/AbCd"


@pytest.fixture
def fake_stripe(monkeypatch):
    calls: list[tuple[str, str, dict, str]] = []
    answers: list[object] = []

    def request(self, method, path, data, idempotency_key):
        calls.append((method, path, data, idempotency_key))
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(StripeProvider, "_request", request)
    return calls, answers


@pytest.fixture
def stripe_on(settings, personas):
    personas.organization  # the personas' rows exist before Stripe is switched on
    settings.STRIPE_SECRET_KEY = "sk_test_51PqXjzLkdIwHu7ix"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"


def _session(customer: str = "cus_Q1", status: str = "complete", intent_status: str = "succeeded") -> dict:
    return {
        "id": "cs_test_a1B2c3",
        "object": "checkout.session",
        "mode": "setup",
        "customer": customer,
        "status": status,
        "setup_intent": {
            "id": "seti_1Pq",
            "status": intent_status,
            "payment_method": {"id": "pm_1PqCard", "card": {"brand": "visa", "last4": "4242"}},
        },
    }


def test_under_stripe_a_simulated_card_does_not_count(personas, stripe_on, fake_stripe, api_client_for):
    calls, _answers = fake_stripe
    project = projects.project_create(
        actor=personas.company_owner, organization=personas.organization, data=valid_data()
    )
    response = api_client_for(personas.company_owner).post(f"projects/{project.pk}/publish")
    assert response.status_code == 409 and response.json()["code"] == "payment_method_required"
    project.refresh_from_db()
    assert project.status == "draft" and not Funding.objects.filter(project=project).exists() and calls == []


def test_a_company_adds_its_card_on_stripe_checkout_and_comes_back(personas, stripe_on, fake_stripe, client):
    calls, answers = fake_stripe
    org = personas.organization
    client.force_login(personas.company_owner)
    page = client.get(f"/payments/organizations/{org.pk}/payment-method/").content.decode()
    assert "Continue to Stripe" in page and "simulated-note" not in page
    answers += [(200, {"id": "cus_Q1"}), (200, {"id": "cs_test_a1B2c3", "url": CHECKOUT_URL})]
    response = client.post(f"/payments/organizations/{org.pk}/payment-method/", {"next": "/dashboard/"})
    assert response.status_code == 302 and response["Location"] == CHECKOUT_URL
    assert calls[0][:2] == ("POST", "/v1/customers") and calls[0][3] == f"stint-customer:{org.pk}"
    session = calls[1][2]
    assert calls[1][1] == "/v1/checkout/sessions"
    assert (session["mode"], session["customer"], session["currency"]) == ("setup", "cus_Q1", "usd")
    assert session["success_url"].endswith("session_id={CHECKOUT_SESSION_ID}")
    assert "/payment-method/return/?next=%2Fdashboard%2F" in session["success_url"]
    assert not PaymentMethod.objects.get(organization=org).provider_payment_method_id  # nothing usable yet

    answers.append((200, _session()))
    back = client.get(
        f"/payments/organizations/{org.pk}/payment-method/return/?next=/dashboard/&session_id=cs_test_a1B2c3"
    )
    assert back["Location"] == "/dashboard/"
    assert calls[2][:2] == ("GET", "/v1/checkout/sessions/cs_test_a1B2c3")
    assert calls[2][2] == {"expand[0]": "setup_intent.payment_method"}
    method = PaymentMethod.objects.get(organization=org)
    assert (method.provider, method.provider_customer_id, method.provider_payment_method_id) == (
        "stripe",
        "cus_Q1",
        "pm_1PqCard",
    )
    assert method.label == "Visa •••• 4242"
    # A second set-up reuses the customer.
    answers.append((200, {"id": "cs_test_2", "url": CHECKOUT_URL}))
    client.post(f"/payments/organizations/{org.pk}/payment-method/", {})
    assert calls[3][1] == "/v1/checkout/sessions" and calls[3][2]["customer"] == "cus_Q1"


@pytest.mark.parametrize(
    ("session", "code"),
    [
        (_session(customer="cus_SomeoneElse"), "setup_session_invalid"),
        (_session(status="open", intent_status="requires_payment_method"), "setup_incomplete"),
    ],
)
def test_a_foreign_or_unfinished_session_records_no_card(
    personas, stripe_on, fake_stripe, api_client_for, session, code
):
    _calls, answers = fake_stripe
    org = personas.organization
    PaymentMethod.objects.filter(organization=org).update(provider="stripe", provider_customer_id="cus_Q1")
    answers.append((200, session))
    response = api_client_for(personas.company_owner).post(
        f"organizations/{org.pk}/payment-method/complete", {"session_id": "cs_test_a1B2c3"}
    )
    assert response.json()["code"] == code
    assert not PaymentMethod.objects.get(organization=org).provider_payment_method_id


def test_stripe_unreachable_during_setup_is_a_clear_error(personas, stripe_on, fake_stripe, client, api_client_for):
    _calls, answers = fake_stripe
    org = personas.organization
    answers += [ProviderUnavailable("timeout"), ProviderUnavailable("timeout")]
    client.force_login(personas.company_owner)
    page = client.post(f"/payments/organizations/{org.pk}/payment-method/", {})
    assert page.status_code == 422 and "Stripe could not be reached" in page.content.decode()
    api = api_client_for(personas.company_owner).post(f"organizations/{org.pk}/payment-method/setup", {})
    assert api.status_code == 503 and api.json()["code"] == "provider_unavailable"


def test_a_stripe_refusal_during_setup_is_reported(personas, stripe_on, fake_stripe, api_client_for):
    _calls, answers = fake_stripe
    answers.append((400, {"error": {"message": "Invalid currency: xyz"}}))
    response = api_client_for(personas.company_owner).post(
        f"organizations/{personas.organization.pk}/payment-method/setup", {}
    )
    assert response.status_code == 502
    assert response.json()["code"] == "provider_setup_failed" and "Invalid currency" in response.json()["detail"]


def test_a_talent_connects_through_stripe_onboarding_before_a_payout(personas, stripe_on, fake_stripe, client):
    calls, answers = fake_stripe
    talent = TalentFactory()
    client.force_login(talent)
    answers += [(200, {"id": "acct_1PqNew"}), (200, {"url": ONBOARDING_URL})]
    response = client.post("/payments/payout-account/", {"next": "/payments/earnings/"})
    assert response["Location"] == ONBOARDING_URL
    assert calls[0][1] == "/v1/accounts" and calls[0][2]["type"] == "express"
    assert calls[0][2]["capabilities[transfers][requested]"] == "true"
    link = calls[1][2]
    assert (calls[1][1], link["account"], link["type"]) == ("/v1/account_links", "acct_1PqNew", "account_onboarding")
    assert "/payments/payout-account/return/" in link["return_url"]
    account = PayoutAccount.objects.get(user=talent)
    assert (account.provider_account_id, account.payouts_enabled) == ("acct_1PqNew", False)

    # Back from Stripe with details still missing: not connected, and asked to continue.
    answers.append((200, {"id": "acct_1PqNew", "payouts_enabled": False, "details_submitted": False}))
    again = client.get("/payments/payout-account/return/")
    assert again["Location"].startswith("/payments/payout-account/")
    assert "Continue on Stripe" in client.get("/payments/payout-account/").content.decode()
    answers.append((200, {"url": ONBOARDING_URL}))
    client.post("/payments/payout-account/", {})
    assert [c[1] for c in calls].count("/v1/accounts") == 1  # the account is reused

    answers.append((200, {"id": "acct_1PqNew", "payouts_enabled": True, "details_submitted": True}))
    done = client.get("/payments/payout-account/return/?next=/payments/earnings/")
    assert done["Location"] == "/payments/earnings/"
    assert PayoutAccount.objects.get(user=talent).payouts_enabled


def test_a_payout_to_an_unfinished_stripe_account_is_refused_without_calling(
    personas, settings, fake_stripe, api_client_for
):
    calls, _answers = fake_stripe
    talent = TalentFactory()
    project = funded_project(personas.organization)  # funded with the test provider
    engagement = engagement_for(project, talent=talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    PayoutAccount.objects.create(user=talent, provider="stripe", provider_account_id="acct_1PqHalf")
    settings.STRIPE_SECRET_KEY = "sk_test_51PqXjzLkdIwHu7ix"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"
    response = api_client_for(talent).post("me/payouts", {"amount_minor": 100, "currency": "USD"})
    assert response.status_code == 409 and response.json()["code"] == "payout_account_required"
    assert not Payout.objects.exists()
    assert calls == []


def test_the_account_updated_webhook_records_whether_payouts_are_enabled(personas):
    from stint.payments.providers import ProviderEvent
    from stint.payments.webhooks import webhook_event_process, webhook_store

    talent = TalentFactory()
    PayoutAccount.objects.create(user=talent, provider="stripe", provider_account_id="acct_1PqHook")

    def deliver(event_id: str, **fields: object) -> str:
        payload = {"id": event_id, "type": "account.updated", "data": {"object": {"id": "acct_1PqHook", **fields}}}
        row, _ = webhook_store(ProviderEvent("stripe", event_id, "account.updated", payload))
        return webhook_event_process(row.pk).status

    assert deliver("evt_1", payouts_enabled=True, details_submitted=True) == "processed"
    assert PayoutAccount.objects.get(user=talent).payouts_enabled
    assert deliver("evt_2", payouts_enabled=False, details_submitted=True) == "processed"
    assert not PayoutAccount.objects.get(user=talent).payouts_enabled
    payload = {"id": "evt_3", "type": "account.updated", "data": {"object": {"id": "acct_Unknown"}}}
    row, _ = webhook_store(ProviderEvent("stripe", "evt_3", "account.updated", payload))
    assert webhook_event_process(row.pk).status == "ignored"
