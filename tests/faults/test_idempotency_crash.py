"""A payout request whose process dies after the payout was made, before its Idempotency-Key was
completed (issue 9: 29 keys after 40 killed payout requests answered 409 for ever, and a client
that then used a new key was paid twice).

The key holds a lease; while it is live a replay is still ``409 idempotency_key_in_progress``;
after it, the replay takes the key over, finds the payout made under the key and answers it.
A new key for the same money is refused by the ledger: the balance was debited once.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

import stint.payments.services.payouts as payouts
from stint.core import idempotency
from stint.core.models import IdempotencyKey
from stint.core.testing.mail import ProcessKilled
from stint.payments import ledger
from stint.payments.choices import AccountKind
from stint.payments.invariants import ledger_violations
from stint.payments.models import LedgerTransaction, Payout
from stint.payments.services import engagement_release
from stint.payments.tests.factories import engagement_for, funded_project

pytestmark = pytest.mark.django_db

FEE = 50_000
BODY = {"amount_minor": FEE, "currency": "USD"}


@pytest.fixture
def talent(personas):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, talent=personas.talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    return personas.talent


def available(user) -> int:
    return ledger.account_balance(ledger.account_for(AccountKind.TALENT_BALANCE, "USD", user=user))


def snapshot(user):
    return (Payout.objects.count(), LedgerTransaction.objects.filter(kind="payout").count(), available(user))


def crash_after_the_effect(monkeypatch, point: str) -> None:
    """The process dies at ``point``: after the payout committed and outside any transaction."""

    def die(*args, **kwargs):
        raise ProcessKilled(point)

    if point == "before_the_key_is_completed":
        monkeypatch.setattr(idempotency, "_complete", die)
    else:  # while the provider is being asked to pay (the payout row and the debit are committed)
        monkeypatch.setattr(payouts, "payout_execute", die)


def lease_runs_out(key: str) -> None:
    past = timezone.now() - datetime.timedelta(seconds=1)
    assert IdempotencyKey.objects.filter(key=key, state="started").update(lease_expires_at=past) == 1


@pytest.mark.parametrize("point", ["before_the_key_is_completed", "during_the_provider_call"])
def test_a_crashed_payout_is_replayed_after_the_lease_and_paid_once(api_client_for, talent, monkeypatch, point):
    client = api_client_for(talent)
    with monkeypatch.context() as patch:
        crash_after_the_effect(patch, point)
        with pytest.raises(ProcessKilled):
            client.post("me/payouts", BODY, headers={"Idempotency-Key": "crash-1"})
    payout = Payout.objects.get()
    assert available(talent) == 0  # the money left the balance once
    assert IdempotencyKey.objects.get(key="crash-1").state == "started"
    after_crash = snapshot(talent)

    # While the lease is live the key is still in progress (no long wait in the test).
    monkeypatch.setattr(idempotency, "WAIT_SECONDS", 0.1)
    busy = client.post("me/payouts", BODY, headers={"Idempotency-Key": "crash-1"})
    assert busy.status_code == 409 and busy.json()["code"] == "idempotency_key_in_progress"
    assert snapshot(talent) == after_crash

    # A client that gives up on the key and asks again with a new one is not paid twice.
    again = client.post("me/payouts", BODY, headers={"Idempotency-Key": "crash-2"})
    assert again.status_code == 422 and again.json()["code"] == "insufficient_balance"
    assert snapshot(talent) == after_crash

    lease_runs_out("crash-1")
    replay = client.post("me/payouts", BODY, headers={"Idempotency-Key": "crash-1"})
    assert replay.status_code == 201, replay.content
    assert replay.json()["id"] == str(payout.pk)
    assert replay.json()["amount_minor"] == FEE
    assert snapshot(talent) == after_crash
    assert IdempotencyKey.objects.get(key="crash-1").state == "completed"
    stored = client.post("me/payouts", BODY, headers={"Idempotency-Key": "crash-1"})
    assert stored["Idempotent-Replayed"] == "true" and stored.content == replay.content
    assert snapshot(talent) == after_crash
    assert ledger_violations() == []


def test_a_live_request_keeps_its_key_and_a_late_one_cannot_release_the_new_holders(personas, rf):
    """The holder whose lease ran out (it was slow, not dead) must not delete or complete the key
    of the request that took it over."""
    request = rf.post("/x", b"{}", content_type="application/json", headers={"Idempotency-Key": "slow"})
    request.user = personas.talent
    runs = []

    def slow_operation():
        # Meanwhile, our lease runs out and a second request takes the key over.
        IdempotencyKey.objects.filter(key="slow").update(
            lease_expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        second = rf.post("/x", b"{}", content_type="application/json", headers={"Idempotency-Key": "slow"})
        second.user = personas.talent
        runs.append(idempotency.run_idempotent(second, "test.slow", lambda: (201, {"n": 2})).content)
        return 201, {"n": 1}

    response = idempotency.run_idempotent(request, "test.slow", slow_operation)
    assert response.content == b'{"n": 1}'
    assert runs == [b'{"n": 2}']
    row = IdempotencyKey.objects.get(key="slow")
    assert row.state == "completed" and row.response_body == '{"n": 2}'  # the new holder's answer stands
