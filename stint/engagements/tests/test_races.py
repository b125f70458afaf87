"""Race tests: one outcome per engagement and a consistent ledger under real concurrency (PostgreSQL)."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from stint.core.errors import ApplicationError
from stint.engagements import services
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import refresh, submit
from stint.flows import settlement
from stint.payments.invariants import ledger_violations
from stint.payments.models import LedgerTransaction

S = EngagementStatus
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def post_status(client: Any, path: str) -> int:
    """POST ``path`` with ``client`` and return the status code (a job for ``run_concurrently``)."""
    return int(client.post(path).status_code)


def run_concurrently(jobs: Sequence[Callable[[], Any]]) -> tuple[list[Any], list[str]]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            result = job()
            with lock:
                results.append(result)
        except ApplicationError as exc:
            with lock:
                errors.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


def settlements(engagement: Engagement) -> list[str]:
    return list(LedgerTransaction.objects.filter(engagement=engagement).values_list("kind", flat=True))


def test_fifty_concurrent_api_approvals_release_once(personas, engagement, api_client_for):
    submit(engagement, personas.talent)
    clients = [api_client_for(personas.company_owner if n % 2 else personas.company_member) for n in range(50)]
    results, errors = run_concurrently(
        [partial(post_status, c, f"engagements/{engagement.pk}/approve") for c in clients]
    )
    assert errors == []
    assert results == [200] * 50
    assert refresh(engagement).status == S.PAID
    assert settlements(engagement) == ["release"]
    assert ledger_violations() == []


def test_approve_racing_cancel_has_one_outcome(personas, engagement, settings):
    settings.STINT_CANCELLATION_CONTEST_DAYS = 0
    submit(engagement, personas.talent)
    engagement = refresh(engagement)  # as each request reads it: submitted
    results, errors = run_concurrently(
        [
            lambda: settlement.engagement_approve(actor=personas.company_owner, engagement=engagement),
            lambda: settlement.engagement_cancel(actor=personas.company_member, engagement=engagement, reason="Budget"),
        ]
    )
    assert len(results) == 1 and errors == ["engagement_state_changed"]
    final = refresh(engagement)
    assert final.status in (S.PAID, S.CANCELLED)
    assert settlements(engagement) == (["release"] if final.status == S.PAID else ["cancellation"])
    assert ledger_violations() == []


def test_approve_racing_auto_release_releases_once(personas, engagement):
    submit(engagement, personas.talent)
    Engagement.objects.filter(pk=engagement.pk).update(review_deadline=timezone.now() - datetime.timedelta(minutes=1))
    _results, errors = run_concurrently(
        [
            lambda: settlement.engagement_approve(actor=personas.company_owner, engagement=engagement),
            lambda: settlement.engagements_auto_release(),
        ]
    )
    assert errors == []
    assert refresh(engagement).status == S.PAID
    assert settlements(engagement) == ["release"]
    assert ledger_violations() == []


def test_approve_racing_dispute_has_one_outcome(personas, engagement):
    submit(engagement, personas.talent)
    engagement = refresh(engagement)  # as each request reads it: submitted
    results, errors = run_concurrently(
        [
            lambda: settlement.engagement_approve(actor=personas.company_owner, engagement=engagement),
            lambda: services.engagement_dispute_open(actor=personas.talent, engagement=engagement, reason="Slow"),
        ]
    )
    final = refresh(engagement)
    assert len(results) == 1
    # The losing dispute finds a paid engagement; the losing approval is told the dispute won.
    assert errors == (["illegal_transition"] if final.status == S.PAID else ["engagement_state_changed"])
    if final.status == S.PAID:
        assert settlements(engagement) == ["release"]
    else:
        assert final.status == S.DISPUTED
        assert settlements(engagement) == []
    assert ledger_violations() == []


def test_dispute_racing_cancellation_settlement_has_one_outcome(personas, engagement, settings):
    settings.STINT_CANCELLATION_CONTEST_DAYS = 1
    settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Budget")
    later = timezone.now() + datetime.timedelta(days=2)
    _results, errors = run_concurrently(
        [
            lambda: settlement.engagements_settle_cancellations(now=later),
            lambda: services.engagement_dispute_open(actor=personas.talent, engagement=engagement, reason="Unfair"),
        ]
    )
    final = refresh(engagement)
    if final.status == S.DISPUTED:
        assert settlements(engagement) == []
        settlement.engagement_dispute_resolve(staff=personas.staff, engagement=final, talent_amount_minor=100)
    else:
        assert errors == ["engagement_already_settled"]
        assert settlements(engagement) == ["cancellation"]
    assert ledger_violations() == []


@pytest.mark.parametrize("trial", range(3))
def test_company_and_talent_cancelling_at_once_the_loser_gets_409(personas, engagement, settings, trial):
    """Issue: the side whose cancellation lost answered 200. Exactly one cancellation wins; the
    other side gets ``engagement_state_changed`` naming the winner, and the money moves once."""
    settings.STINT_CANCELLATION_CONTEST_DAYS = 0
    from stint.engagements.tests.helpers import log

    log(engagement, personas.talent, 120)

    def cancel(side: str, actor: Any) -> str:
        settlement.engagement_cancel(actor=actor, engagement=engagement, reason="Stop")
        return side

    results, errors = run_concurrently(
        [lambda: cancel("company", personas.company_owner), lambda: cancel("talent", personas.talent)]
    )
    final = refresh(engagement)
    assert final.status == S.CANCELLED
    assert results == [final.cancelled_by]
    assert errors == ["engagement_state_changed"]
    assert settlements(engagement) == ["cancellation"]
    assert final.talent_share_minor == (5_000 if final.cancelled_by == "company" else 0)
    assert ledger_violations() == []


def test_concurrent_time_entries_cannot_pass_the_daily_cap_together(personas, engagement):
    """Eight 4-hour entries on one day at once: the engagement row lock lets exactly three in
    (12 h, the default cap); the others get ``daily_limit_exceeded``."""
    from stint.engagements.models import TimeEntry

    results, errors = run_concurrently(
        [
            lambda: services.time_entry_log(
                talent=personas.talent, engagement=engagement, date=timezone.localdate(), minutes=240
            )
            for _ in range(8)
        ]
    )
    assert len(results) == 3
    assert errors == ["daily_limit_exceeded"] * 5
    assert sum(TimeEntry.objects.filter(engagement=engagement).values_list("minutes", flat=True)) == 720
