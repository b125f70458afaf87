"""The Stripe adapter and its webhook inbox, offline: HTTP answers and events are recorded-style
fixtures; signatures are computed with the configured test secret."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from stint.core.errors import ApplicationError, Conflict
from stint.core.money import Money
from stint.payments.choices import OperationStatus, TransactionKind, WebhookStatus
from stint.payments.invariants import ledger_violations
from stint.payments.models import Funding, LedgerTransaction, PaymentMethod, Payout, PayoutAccount, WebhookEvent
from stint.payments.providers import InvalidSignature, StripeProvider, get_provider, is_test_mode
from stint.payments.providers.stripe import compute_signature, verify_signature
from stint.payments.selectors import balance_for_user
from stint.payments.services import engagement_release, payout_request, project_fund
from stint.payments.tests.factories import draft_project, engagement_for, funded_project

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SECRET = "whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"


@pytest.fixture
def stripe_on(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_51PqXjzLkdIwHu7ix"
    settings.STRIPE_WEBHOOK_SECRET = SECRET


@pytest.fixture
def fake_stripe(monkeypatch):
    """Replace the HTTP call with queued answers; records what was sent."""
    calls: list[tuple[str, str, dict, str]] = []
    answers: list[tuple[int, dict]] = []

    def request(self, method, path, data, idempotency_key):
        calls.append((method, path, data, idempotency_key))
        return answers.pop(0)

    monkeypatch.setattr(StripeProvider, "_request", request)
    return calls, answers


def fixture(name: str, **replace: str) -> bytes:
    text = (FIXTURES / f"{name}.json").read_text()
    for key, value in replace.items():
        text = text.replace(f"__{key}__", value)
    return text.encode()


def signed_header(body: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={compute_signature(body, t, secret)}"


def post_event(client, body: bytes, header: str):
    return client.post(
        "/api/v1/payments/webhooks/stripe", body, content_type="application/json", headers={"Stripe-Signature": header}
    )


# --- configuration -----------------------------------------------------------------------------------
def test_the_test_provider_is_the_default_and_says_so():
    assert get_provider().name == "test"
    assert is_test_mode() is True


def test_stripe_is_used_only_when_both_keys_are_set(settings):
    settings.STRIPE_SECRET_KEY = "sk_live_x"
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert get_provider().name == "test"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    assert get_provider().name == "stripe"
    assert is_test_mode() is False


def test_the_webhook_endpoint_is_404_without_stripe(client):
    response = post_event(client, b"{}", "t=1,v1=x")
    assert response.status_code == 404


# --- signature scheme --------------------------------------------------------------------------------
def test_a_valid_signature_verifies_and_any_v1_may_match():
    body = b'{"id": "evt_1"}'
    now = 1_724_143_200
    good = compute_signature(body, now, SECRET)
    verify_signature(body, f"t={now},v1=deadbeef,v1={good}", SECRET, now=now + 10)


@pytest.mark.parametrize(
    "header",
    ["", "t=abc,v1=00", "v1=00", "t=1724143200", "t=1724143200,v0=00"],
)
def test_malformed_signatures_are_refused(header):
    with pytest.raises(InvalidSignature):
        verify_signature(b"{}", header, SECRET, now=1_724_143_200)


def test_a_signature_outside_the_tolerance_is_refused():
    body = b"{}"
    header = f"t=1000,v1={compute_signature(body, 1000, SECRET)}"
    with pytest.raises(InvalidSignature) as exc:
        verify_signature(body, header, SECRET, now=1000 + 301)
    assert exc.value.code == "signature_expired"
    verify_signature(body, header, SECRET, now=1000 + 299)


# --- adapter calls -----------------------------------------------------------------------------------
def _stripe_card(org):
    PaymentMethod.objects.update_or_create(
        organization=org,
        defaults={
            "provider": "stripe",
            "provider_customer_id": "cus_QhX1a2b3c4d5e6",
            "provider_payment_method_id": "pm_1PqXjzLkdIwHu7ixAbCdEfGh",
            "test_card_number": "",
        },
    )


def test_a_stripe_charge_sends_a_confirmed_payment_intent(personas, stripe_on, fake_stripe):
    calls, answers = fake_stripe
    _stripe_card(personas.organization)
    answers.append((200, {"id": "pi_123", "object": "payment_intent", "status": "succeeded"}))
    project = draft_project(personas.organization)
    funding = project_fund(project=project, actor=personas.company_owner)
    assert (funding.status, funding.provider, funding.provider_ref) == ("succeeded", "stripe", "pi_123")
    method, path, data, key = calls[0]
    assert (method, path) == ("POST", "/v1/payment_intents")
    assert data["amount"] == 55_000 and data["currency"] == "usd" and data["confirm"] == "true"
    assert key == f"stint-funding-{funding.pk}"
    assert ledger_violations() == []


def test_a_declined_stripe_card_fails_the_funding(personas, stripe_on, fake_stripe):
    _calls, answers = fake_stripe
    _stripe_card(personas.organization)
    answers.append(
        (402, {"error": {"type": "card_error", "code": "card_declined", "message": "Your card was declined."}})
    )
    with pytest.raises(ApplicationError) as exc:
        project_fund(project=draft_project(personas.organization), actor=personas.company_owner)
    assert exc.value.code == "payment_failed"
    assert "declined" in exc.value.message
    assert LedgerTransaction.objects.count() == 0


def test_a_stripe_payout_is_a_transfer_to_the_connected_account(personas, stripe_on, fake_stripe):
    calls, answers = fake_stripe
    talent = personas.talent
    PayoutAccount.objects.update_or_create(
        user=talent,
        defaults={"provider": "stripe", "provider_account_id": "acct_1PqYa1Q2w3E4r5T6", "payouts_enabled": True},
    )
    answers.append((200, {"id": "tr_1PqYb7LkdIwHu7ixQ9w8e7r6", "object": "transfer"}))
    result = StripeProvider().payout(talent, Money(20_000, "USD"), "payout:x", "stint-payout-x")
    assert result.status == "succeeded"
    assert calls[0][1] == "/v1/transfers"
    assert calls[0][2]["destination"] == "acct_1PqYa1Q2w3E4r5T6"


def test_a_stripe_payout_without_an_account_fails_without_calling(personas, stripe_on, fake_stripe):
    calls, _answers = fake_stripe
    result = StripeProvider().payout(personas.talent, Money(100, "USD"), "r", "k")
    assert result.status == "failed"
    assert calls == []


# --- webhooks ----------------------------------------------------------------------------------------
@pytest.fixture
def pending_stripe_funding(personas, stripe_on, fake_stripe):
    _calls, answers = fake_stripe
    _stripe_card(personas.organization)
    answers.append((200, {"id": "pi_3PqXk2LkdIwHu7ix1Q2w3e4r", "status": "processing"}))
    project = draft_project(personas.organization)
    with pytest.raises(Conflict):
        project_fund(project=project, actor=personas.company_owner)
    return Funding.objects.get(project=project)


def test_payment_intent_succeeded_settles_the_funding_once(
    client, pending_stripe_funding, django_capture_on_commit_callbacks
):
    funding = pending_stripe_funding
    body = fixture("payment_intent.succeeded", FUNDING_ID=str(funding.pk), FUNDING_KEY=funding.idempotency_key)
    with django_capture_on_commit_callbacks(execute=True):
        first = post_event(client, body, signed_header(body))
    assert first.status_code == 200
    assert first.json() == {"received": True, "duplicate": False, "event_id": "evt_3PqXk2LkdIwHu7ix0a1b2c3d"}
    funding.refresh_from_db()
    assert funding.status == OperationStatus.SUCCEEDED
    with django_capture_on_commit_callbacks(execute=True):
        again = post_event(client, body, signed_header(body))
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert WebhookEvent.objects.get().status == WebhookStatus.PROCESSED
    assert LedgerTransaction.objects.filter(kind=TransactionKind.FUNDING).count() == 1
    assert ledger_violations() == []


def test_a_bad_signature_is_400_invalid_signature_and_stores_nothing(client, pending_stripe_funding):
    body = fixture("payment_intent.succeeded", FUNDING_ID=str(pending_stripe_funding.pk), FUNDING_KEY="x")
    response = post_event(client, body, signed_header(body, secret="whsec_wrong"))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_signature"
    tampered = body.replace(b"55000", b"1")
    assert post_event(client, tampered, signed_header(body)).json()["code"] == "invalid_signature"
    assert WebhookEvent.objects.count() == 0


def test_a_stale_timestamp_is_refused(client, pending_stripe_funding):
    body = fixture("payment_intent.succeeded", FUNDING_ID=str(pending_stripe_funding.pk), FUNDING_KEY="x")
    response = post_event(client, body, signed_header(body, timestamp=int(time.time()) - 600))
    assert response.status_code == 400
    assert response.json()["code"] == "signature_expired"
    assert WebhookEvent.objects.count() == 0


@pytest.fixture
def pending_payout(personas, settings):
    # Made with the test provider left pending (as a Stripe transfer awaiting its event), then
    # marked as a Stripe payout; no network call is ever made.
    saved = getattr(settings, "STRIPE_SECRET_KEY", "")
    settings.STRIPE_SECRET_KEY = ""
    project = funded_project(personas.organization)
    engagement = engagement_for(project, talent=personas.talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    settings.STINT_TEST_PROVIDER_PENDING = True
    payout = payout_request(user=personas.talent, amount_minor=20_000, currency="USD", idempotency_key="p")
    settings.STINT_TEST_PROVIDER_PENDING = False
    settings.STRIPE_SECRET_KEY = saved
    Payout.objects.filter(pk=payout.pk).update(provider="stripe")
    assert payout.status == OperationStatus.PENDING
    return payout


def test_transfer_created_settles_a_pending_payout(
    client, stripe_on, pending_payout, django_capture_on_commit_callbacks
):
    body = fixture("transfer.created", PAYOUT_ID=str(pending_payout.pk))
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, body, signed_header(body)).status_code == 200
    pending_payout.refresh_from_db()
    assert pending_payout.status == OperationStatus.SUCCEEDED
    assert pending_payout.provider_ref == "tr_1PqYb7LkdIwHu7ixQ9w8e7r6"
    assert ledger_violations() == []


def test_payout_failed_returns_a_pending_payout_to_the_balance(
    client, stripe_on, pending_payout, django_capture_on_commit_callbacks
):
    body = fixture("payout.failed", PAYOUT_ID=str(pending_payout.pk))
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, body, signed_header(body)).status_code == 200
    pending_payout.refresh_from_db()
    assert pending_payout.status == OperationStatus.FAILED
    assert pending_payout.failure_reason == "The bank account has been closed."
    assert balance_for_user(pending_payout.user)[0]["available_minor"] == 50_000
    assert ledger_violations() == []


def test_payout_failed_after_success_is_left_for_staff(
    client, stripe_on, pending_payout, django_capture_on_commit_callbacks
):
    created = fixture("transfer.created", PAYOUT_ID=str(pending_payout.pk))
    failed = fixture("payout.failed", PAYOUT_ID=str(pending_payout.pk))
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, created, signed_header(created))
        post_event(client, failed, signed_header(failed))
    event = WebhookEvent.objects.get(event_type="payout.failed")
    assert event.status == WebhookStatus.IGNORED
    assert "staff" in event.error
    assert balance_for_user(pending_payout.user)[0]["paid_out_minor"] == 20_000
    assert ledger_violations() == []


def test_an_unknown_event_type_is_stored_and_ignored(client, stripe_on, django_capture_on_commit_callbacks):
    body = json.dumps({"id": "evt_unknown_1", "type": "customer.created", "data": {"object": {}}}).encode()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, body, signed_header(body)).status_code == 200
    assert WebhookEvent.objects.get().status == WebhookStatus.IGNORED
