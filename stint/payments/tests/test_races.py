"""Real concurrency on PostgreSQL: threads with their own connections hit the same rows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from stint.core.errors import ApplicationError
from stint.payments.choices import TransactionKind
from stint.payments.invariants import ledger_violations
from stint.payments.models import LedgerTransaction, Payout
from stint.payments.selectors import balance_for_user
from stint.payments.services import engagement_release, payout_request
from stint.payments.tests.factories import engagement_for, funded_project

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FEE = 50_000


def run_concurrently(n: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def target(i: int) -> None:
        try:
            barrier.wait()
            outcome = work(i)
            with lock:
                results.append(outcome)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


@pytest.fixture
def approved_engagement(personas):
    project = funded_project(personas.organization)
    return engagement_for(project, talent=personas.talent, status="approved")


def test_fifty_concurrent_releases_of_one_engagement_release_once(personas, approved_engagement):
    owner = personas.company_owner
    results, errors = run_concurrently(50, lambda i: engagement_release(engagement=approved_engagement, actor=owner).pk)
    assert errors == []
    assert len(set(results)) == 1
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1
    assert balance_for_user(personas.talent)[0]["available_minor"] == FEE
    assert ledger_violations() == []


def test_twenty_concurrent_payouts_of_sixty_percent_never_overdraw(personas, approved_engagement):
    engagement_release(engagement=approved_engagement, actor=personas.company_owner)
    talent = personas.talent

    def work(i: int) -> str:
        try:
            return payout_request(
                user=talent, amount_minor=FEE * 60 // 100, currency="USD", idempotency_key=f"k{i}"
            ).status
        except ApplicationError as exc:
            return exc.code

    results, errors = run_concurrently(20, work)
    assert errors == []
    assert results.count("succeeded") == 1
    assert results.count("insufficient_balance") == 19
    assert Payout.objects.count() == 1
    assert balance_for_user(talent)[0]["available_minor"] == FEE - FEE * 60 // 100
    assert ledger_violations() == []


def test_twenty_concurrent_api_payouts_with_one_key_make_one_payout(personas, approved_engagement, api_client_for):
    engagement_release(engagement=approved_engagement, actor=personas.company_owner)
    talent = personas.talent
    clients = [api_client_for(talent) for _ in range(20)]

    def work(i: int) -> tuple[int, bytes]:
        response = clients[i].post(
            "me/payouts", {"amount_minor": 10_000, "currency": "USD"}, headers={"Idempotency-Key": "same-key"}
        )
        return response.status_code, response.content

    results, errors = run_concurrently(20, work)
    assert errors == []
    statuses = [status for status, _ in results]
    assert Payout.objects.count() == 1
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}
    assert len({body for status, body in results if status == 201}) == 1
    assert balance_for_user(talent)[0]["available_minor"] == FEE - 10_000
    assert ledger_violations() == []
