from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from stint.core.errors import ApplicationError, Conflict, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.core.scheduler import REGISTRY
from stint.notifications.models import Notification
from stint.organizations.tests.factories import OrganizationFactory
from stint.payments import ledger
from stint.payments.choices import AccountKind, OperationStatus, TransactionKind
from stint.payments.invariants import ledger_violations
from stint.payments.models import Funding, LedgerTransaction, Payout, Refund
from stint.payments.operations import reconcile_pending
from stint.payments.selectors import balance_for_user, organization_statement, project_funds
from stint.payments.services import (
    dispute_split,
    engagement_release,
    engagement_settle_cancellation,
    funding_quote,
    payout_request,
    project_fund,
    project_refund_unused,
)
from stint.payments.tasks import reconcile_pending_operations
from stint.payments.tests.factories import declined_card, draft_project, engagement_for, funded_project, set_status

pytestmark = pytest.mark.django_db

FEE = 50_000  # the project factory's fee: 500.00 USD


def held_of(project):
    return ledger.account_balance(ledger.account_for(AccountKind.HELD, project.currency, project=project))


def fees():
    return ledger.account_balance(ledger.account_for(AccountKind.PLATFORM_FEES, "USD"))


def available(user, currency="USD"):
    rows = {r["currency"]: r for r in balance_for_user(user)}
    return rows.get(currency, {}).get("available_minor", 0)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (refund provider calls) as a committed request would."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


# --- Funding ---------------------------------------------------------------------------------------
def test_funding_charges_fee_times_openings_plus_platform_fee_into_held_funds(personas):
    project = draft_project(personas.organization, openings=2)
    funding = project_fund(project=project, actor=personas.company_owner)
    assert funding.status == OperationStatus.SUCCEEDED
    assert funding.amount_minor == 2 * FEE + 10_000
    assert (funding.held_minor, funding.platform_fee_minor) == (2 * FEE, 10_000)
    assert held_of(project) == 2 * FEE
    assert fees() == 10_000
    assert project_funds(project)["USD"]["funded"] == 2 * FEE
    assert AuditEvent.objects.filter(code="project.funded").count() == 1
    assert ledger_violations() == []


def test_the_platform_fee_is_a_setting_in_basis_points(settings):
    settings.STINT_PLATFORM_FEE_BPS = 250
    project = draft_project(OrganizationFactory(), fee_minor=10_001)
    assert funding_quote(project)["platform_fee"].amount_minor == 250  # 2.5 % of 100.01, half up


def test_funding_twice_charges_once(personas):
    project = draft_project(personas.organization)
    first = project_fund(project=project, actor=personas.company_owner, idempotency_key="publish-1")
    again = project_fund(project=project, actor=personas.company_owner, idempotency_key="publish-1")
    other_key = project_fund(project=project, actor=personas.company_owner)
    assert first.pk == again.pk == other_key.pk
    assert Funding.objects.count() == 1
    assert LedgerTransaction.objects.filter(kind=TransactionKind.FUNDING).count() == 1
    assert ledger_violations() == []


def test_a_declined_card_fails_the_funding_and_holds_nothing(personas):
    declined_card(personas.organization)
    project = draft_project(personas.organization)
    with pytest.raises(ApplicationError) as exc:
        project_fund(project=project, actor=personas.company_owner)
    assert (exc.value.code, exc.value.status) == ("payment_failed", 402)
    assert held_of(project) == 0
    assert Funding.objects.get().status == OperationStatus.FAILED
    assert LedgerTransaction.objects.count() == 0
    assert ledger_violations() == []


def test_after_a_failure_a_new_card_can_fund_the_project(personas, settings):
    settings.STINT_TEST_PROVIDER_FAIL = True
    project = draft_project(personas.organization)
    with pytest.raises(ApplicationError):
        project_fund(project=project, actor=personas.company_owner)
    settings.STINT_TEST_PROVIDER_FAIL = False
    funding = project_fund(project=project, actor=personas.company_owner)
    assert funding.status == OperationStatus.SUCCEEDED
    assert Funding.objects.count() == 2
    assert held_of(project) == FEE
    assert ledger_violations() == []


def test_a_funding_left_pending_is_settled_by_reconciliation(personas, settings):
    settings.STINT_TEST_PROVIDER_PENDING = True
    project = draft_project(personas.organization)
    with pytest.raises(Conflict) as exc:
        project_fund(project=project, actor=personas.company_owner)
    assert exc.value.code == "payment_pending"
    assert held_of(project) == 0
    settings.STINT_TEST_PROVIDER_PENDING = False
    assert reconcile_pending(older_than=datetime.timedelta(minutes=15)) == {"fundings": 0, "refunds": 0, "payouts": 0}
    Funding.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert reconcile_pending()["fundings"] == 1
    assert held_of(project) == FEE
    assert project_fund(project=project, actor=personas.company_owner).status == OperationStatus.SUCCEEDED
    assert ledger_violations() == []


# --- Release ---------------------------------------------------------------------------------------
def test_release_moves_the_fee_to_the_talent_exactly_once(personas):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, talent=personas.talent, status="approved")
    first = engagement_release(engagement=engagement, actor=personas.company_owner)
    second = engagement_release(engagement=engagement, actor=personas.company_owner)
    assert first.pk == second.pk
    assert LedgerTransaction.objects.filter(kind=TransactionKind.RELEASE).count() == 1
    assert available(personas.talent) == FEE
    assert held_of(project) == 0
    assert project_funds(project)["USD"]["released"] == FEE
    assert ledger_violations() == []


def test_release_needs_an_approved_engagement(personas):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, status="submitted")
    with pytest.raises(Conflict) as exc:
        engagement_release(engagement=engagement, actor=personas.company_owner)
    assert exc.value.code == "engagement_not_approved"
    assert ledger_violations() == []


def test_release_without_held_funds_is_refused(personas):
    project = draft_project(personas.organization)  # never funded
    engagement = engagement_for(project, status="approved")
    with pytest.raises(ApplicationError) as exc:
        engagement_release(engagement=engagement, actor=personas.company_owner)
    assert exc.value.code == "insufficient_held_funds"
    assert available(engagement.talent) == 0


# --- Cancellation ---------------------------------------------------------------------------------
def test_cancellation_before_any_work_refunds_the_fee_and_its_platform_fee(personas, run_on_commit):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, status="cancelled")
    run_on_commit(engagement_settle_cancellation, engagement=engagement, actor=personas.company_owner, minutes_logged=0)
    refund = Refund.objects.get()
    assert refund.amount_minor == FEE + 5_000
    assert refund.status == OperationStatus.SUCCEEDED
    assert held_of(project) == 0
    assert fees() == 0
    assert available(engagement.talent) == 0
    statement = organization_statement(personas.organization)
    assert statement["totals"][0]["refunded"] == FEE + 5_000
    assert statement["totals"][0]["refund_pending"] == 0
    assert ledger_violations() == []


def test_cancellation_after_work_pays_pro_rata_and_refunds_the_rest(personas, run_on_commit):
    project = funded_project(personas.organization)  # 20 estimated hours
    engagement = engagement_for(project, status="cancelled")
    run_on_commit(
        engagement_settle_cancellation, engagement=engagement, actor=personas.company_owner, hours_logged=Decimal("5")
    )
    assert available(engagement.talent) == FEE // 4
    assert Refund.objects.get().amount_minor == (FEE * 3 // 4) + (FEE * 3 // 4) // 10
    assert fees() == 5_000 - 3_750
    assert held_of(project) == 0
    assert ledger_violations() == []


def test_cancellation_pay_is_capped_at_the_fee(personas):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, status="cancelled")
    engagement_settle_cancellation(engagement=engagement, actor=personas.company_owner, minutes_logged=60 * 35)
    assert available(engagement.talent) == FEE
    assert Refund.objects.count() == 0
    assert ledger_violations() == []


def test_cancellation_settles_once_and_excludes_a_release(personas):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, status="cancelled")
    engagement_settle_cancellation(engagement=engagement, actor=personas.company_owner, minutes_logged=30)
    with pytest.raises(Conflict) as exc:
        engagement_settle_cancellation(engagement=engagement, actor=personas.company_owner, minutes_logged=30)
    assert exc.value.code == "engagement_already_settled"
    set_status(engagement, "approved")
    with pytest.raises(Conflict) as exc:
        engagement_release(engagement=engagement, actor=personas.company_owner)
    assert exc.value.code == "engagement_already_settled"


def test_only_a_cancelled_engagement_is_settled_as_cancelled(personas):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, status="active")
    with pytest.raises(Conflict) as exc:
        engagement_settle_cancellation(engagement=engagement, actor=personas.company_owner, minutes_logged=0)
    assert exc.value.code == "engagement_not_cancelled"


# --- Dispute ---------------------------------------------------------------------------------------
def test_staff_split_a_disputed_fee(personas, run_on_commit):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, status="disputed")
    run_on_commit(dispute_split, engagement=engagement, actor=personas.staff, talent_amount_minor=30_000)
    assert available(engagement.talent) == 30_000
    assert Refund.objects.get().amount_minor == 20_000 + 2_000
    assert held_of(project) == 0
    assert AuditEvent.objects.filter(code="engagement.dispute_split").count() == 1
    assert ledger_violations() == []


def test_only_staff_split_and_the_split_must_fit_the_fee(personas):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, status="disputed")
    with pytest.raises(PermissionDenied) as exc:
        dispute_split(engagement=engagement, actor=personas.company_owner, talent_amount_minor=1)
    assert exc.value.code == "staff_only"
    for bad in (-1, FEE + 1):
        with pytest.raises(ValidationFailed) as invalid:
            dispute_split(engagement=engagement, actor=personas.staff, talent_amount_minor=bad)
        assert invalid.value.code == "invalid_split"
    active = engagement_for(project, status="active")
    with pytest.raises(Conflict):
        dispute_split(engagement=active, actor=personas.staff, talent_amount_minor=0)
    assert held_of(project) == FEE


def test_a_split_of_an_engagement_later_marked_paid_counts_as_its_release(personas):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, status="disputed")
    dispute_split(engagement=engagement, actor=personas.staff, talent_amount_minor=FEE)
    set_status(engagement, "paid")
    assert ledger_violations() == []


# --- Unused openings -------------------------------------------------------------------------------
def test_closing_refunds_unused_openings_with_their_platform_fee_once(personas, run_on_commit):
    project = funded_project(personas.organization, openings=3)
    engagement = engagement_for(project, status="active")
    refund = run_on_commit(project_refund_unused, project=project, actor=personas.company_owner)
    assert refund.amount_minor == 2 * FEE + 10_000
    assert Refund.objects.get().status == OperationStatus.SUCCEEDED
    assert held_of(project) == FEE
    assert project_refund_unused(project=project, actor=personas.company_owner) is None
    set_status(engagement, "approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    funds = project_funds(project)["USD"]
    assert funds == {"funded": 3 * FEE, "held": 0, "released": FEE, "refunded": 2 * FEE, "platform_fee": 5_000}
    assert ledger_violations() == []


def test_a_refund_refused_by_the_provider_stays_in_transit(personas, settings, run_on_commit):
    settings.STINT_TEST_PROVIDER_FAIL_REFUNDS = True
    project = funded_project(personas.organization, openings=2)
    run_on_commit(project_refund_unused, project=project, actor=personas.company_owner, openings_used=1)
    refund = Refund.objects.get()
    assert refund.status == OperationStatus.FAILED
    assert organization_statement(personas.organization)["totals"][0]["refund_pending"] == refund.amount_minor
    assert ledger_violations() == []


# --- Payouts ---------------------------------------------------------------------------------------
def _talent_with_balance(personas, amount_fee=FEE):
    project = funded_project(personas.organization, fee_minor=amount_fee)
    engagement = engagement_for(project, talent=personas.talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    return personas.talent


def test_a_payout_moves_the_balance_out(personas):
    talent = _talent_with_balance(personas)
    payout = payout_request(user=talent, amount_minor=20_000, currency="USD", idempotency_key="p1")
    assert payout.status == OperationStatus.SUCCEEDED
    assert payout.provider_ref.startswith("test_po_")
    assert balance_for_user(talent) == [
        {"currency": "USD", "available_minor": FEE - 20_000, "pending_minor": 0, "paid_out_minor": 20_000}
    ]
    assert ledger_violations() == []


def test_a_payout_above_the_balance_is_refused(personas):
    talent = _talent_with_balance(personas)
    with pytest.raises(ValidationFailed) as exc:
        payout_request(user=talent, amount_minor=FEE + 1, currency="USD", idempotency_key="p1")
    assert exc.value.code == "insufficient_balance"
    with pytest.raises(ValidationFailed) as exc:
        payout_request(user=talent, amount_minor=0, currency="USD", idempotency_key="p2")
    assert exc.value.code == "invalid_amount"
    with pytest.raises(ValidationFailed) as exc:
        payout_request(user=talent, amount_minor=10, currency="EUR", idempotency_key="p3")
    assert exc.value.code == "insufficient_balance"
    assert Payout.objects.count() == 0
    assert available(talent) == FEE


def test_a_payout_replayed_with_its_key_is_the_same_payout(personas):
    talent = _talent_with_balance(personas)
    first = payout_request(user=talent, amount_minor=100, currency="USD", idempotency_key="same")
    again = payout_request(user=talent, amount_minor=100, currency="USD", idempotency_key="same")
    assert first.pk == again.pk
    with pytest.raises(ValidationFailed) as exc:
        payout_request(user=talent, amount_minor=200, currency="USD", idempotency_key="same")
    assert exc.value.code == "idempotency_key_reused"
    assert Payout.objects.count() == 1
    assert available(talent) == FEE - 100


def test_a_failed_payout_returns_the_money_to_the_balance(personas, settings):
    talent = _talent_with_balance(personas)
    settings.STINT_TEST_PROVIDER_FAIL_PAYOUTS = True
    payout = payout_request(user=talent, amount_minor=10_000, currency="USD", idempotency_key="p1")
    assert payout.status == OperationStatus.FAILED
    assert "refused" in payout.failure_reason
    assert available(talent) == FEE
    assert LedgerTransaction.objects.filter(kind=TransactionKind.PAYOUT_FAILED).count() == 1
    assert Notification.objects.filter(user=talent, event="payments.payout_failed").exists()
    assert ledger_violations() == []


def test_a_stuck_pending_payout_is_reconciled(personas, settings):
    talent = _talent_with_balance(personas)
    settings.STINT_TEST_PROVIDER_PENDING = True
    payout = payout_request(user=talent, amount_minor=10_000, currency="USD", idempotency_key="p1")
    assert payout.status == OperationStatus.PENDING
    assert balance_for_user(talent)[0]["pending_minor"] == 10_000
    settings.STINT_TEST_PROVIDER_PENDING = False
    Payout.objects.update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert reconcile_pending()["payouts"] == 1
    payout.refresh_from_db()
    assert payout.status == OperationStatus.SUCCEEDED
    assert balance_for_user(talent)[0]["pending_minor"] == 0
    assert reconcile_pending()["payouts"] == 0
    assert LedgerTransaction.objects.filter(kind=TransactionKind.PAYOUT_SETTLED).count() == 1
    assert ledger_violations() == []


def test_the_reconcile_task_is_registered_and_runs(personas, settings):
    assert "payments.reconcile_pending" in REGISTRY
    assert reconcile_pending_operations.call() == {"fundings": 0, "refunds": 0, "payouts": 0}


def test_ledger_check_command_passes_after_a_full_scenario(personas, run_on_commit, capsys):
    project = funded_project(personas.organization, openings=2)
    engagement = engagement_for(project, talent=personas.talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    run_on_commit(project_refund_unused, project=project, actor=personas.company_owner)
    payout_request(user=personas.talent, amount_minor=FEE, currency="USD", idempotency_key="all")
    call_command("ledger_check")
    assert "ledger ok" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_a_committed_ledger_is_flushed_after_a_transactional_test(personas):
    """Test teardown (flush) must still be able to empty append-only tables on SQLite."""
    project = funded_project(personas.organization)
    engagement = engagement_for(project, talent=personas.talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    payout_request(user=personas.talent, amount_minor=100, currency="USD", idempotency_key="k")
    assert ledger_violations() == []
