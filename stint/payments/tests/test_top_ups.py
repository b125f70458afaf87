"""Top-ups: funding ONE opening again after a talent dropped out (``project_fund_opening``), the
Funding uniqueness (one live initial funding per project, one live top-up per dropped engagement)
and refunds split over the charges they came from."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from stint.core.errors import ApplicationError, Conflict, ValidationFailed
from stint.core.models import AuditEvent
from stint.organizations.tests.factories import OrganizationFactory
from stint.payments import ledger, operations
from stint.payments.choices import AccountKind, FundingPurpose, OperationStatus, TransactionKind
from stint.payments.invariants import ledger_violations
from stint.payments.models import Funding, LedgerTransaction, Refund
from stint.payments.selectors import organization_statement, project_funds, top_up_for_engagement
from stint.payments.services import (
    engagement_settle_cancellation,
    opening_quote,
    project_fund,
    project_fund_opening,
    project_refund_unused,
)
from stint.payments.testing import card_on_file
from stint.payments.tests.factories import declined_card, engagement_for, funded_project
from stint.projects.models import Project

pytestmark = pytest.mark.django_db

FEE = 50_000  # the project factory's fee: 500.00 USD
PLATFORM = 5_000  # 10 % of one opening


def held_of(project):
    return ledger.account_balance(ledger.account_for(AccountKind.HELD, project.currency, project=project))


def fees():
    return ledger.account_balance(ledger.account_for(AccountKind.PLATFORM_FEES, "USD"))


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def dropped(personas, run_on_commit):
    """An open, funded one-opening project whose hired talent dropped out (fee refunded)."""
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement = engagement_for(project, talent=personas.talent, status="cancelled")
    run_on_commit(engagement_settle_cancellation, engagement=engagement, actor=None, minutes_logged=0)
    assert held_of(project) == 0
    return project, engagement


def test_a_top_up_charges_one_fee_plus_its_platform_fee_into_held_funds(personas, dropped):
    project, engagement = dropped
    funding = project_fund_opening(project=project, actor=personas.company_owner, replaces=engagement)
    assert funding.status == OperationStatus.SUCCEEDED
    assert (funding.purpose, funding.openings) == (FundingPurpose.TOP_UP, 1)
    assert (funding.amount_minor, funding.held_minor, funding.platform_fee_minor) == (FEE + PLATFORM, FEE, PLATFORM)
    assert funding.replaces_engagement_id == engagement.pk
    assert held_of(project) == FEE
    assert fees() == PLATFORM
    assert project_funds(project)["USD"]["funded"] == 2 * FEE
    txn = LedgerTransaction.objects.filter(kind=TransactionKind.FUNDING).latest("created_at")
    assert txn.description.startswith("Top-up of")
    assert AuditEvent.objects.filter(code="project.opening_funded").count() == 1
    assert top_up_for_engagement(engagement) == funding
    assert opening_quote(project)["total"].amount_minor == FEE + PLATFORM
    assert ledger_violations() == []


def test_topping_up_the_same_opening_twice_charges_once(personas, dropped):
    project, engagement = dropped
    first = project_fund_opening(project=project, actor=personas.company_owner, replaces=engagement)
    again = project_fund_opening(project=project, actor=personas.company_owner, replaces=engagement)
    assert first.pk == again.pk
    assert Funding.objects.filter(purpose=FundingPurpose.TOP_UP).count() == 1
    assert held_of(project) == FEE
    assert ledger_violations() == []


def test_an_idempotency_key_replays_the_same_top_up(personas, dropped):
    project, _ = dropped
    first = project_fund_opening(project=project, actor=personas.company_owner, idempotency_key="top-up-1")
    again = project_fund_opening(project=project, actor=personas.company_owner, idempotency_key="top-up-1")
    assert first.pk == again.pk
    assert held_of(project) == FEE
    other = funded_project(personas.organization, status="open")
    with pytest.raises(Conflict) as exc:
        project_fund_opening(project=other, actor=personas.company_owner, idempotency_key="top-up-1")
    assert exc.value.code == "idempotency_key_reused"
    assert ledger_violations() == []


def test_a_declined_top_up_holds_nothing_and_a_later_attempt_charges_again(personas, dropped, settings):
    project, engagement = dropped
    declined_card(personas.organization)
    with pytest.raises(ApplicationError) as exc:
        project_fund_opening(project=project, actor=personas.company_owner, replaces=engagement)
    assert (exc.value.code, exc.value.status) == ("payment_failed", 402)
    assert held_of(project) == 0
    assert Funding.objects.get(purpose=FundingPurpose.TOP_UP).status == OperationStatus.FAILED
    assert AuditEvent.objects.filter(code="project.opening_funding_failed").count() == 1
    personas.organization.payment_method.delete()
    card_on_file(personas.organization)
    funding = project_fund_opening(project=project, actor=personas.company_owner, replaces=engagement)
    assert funding.status == OperationStatus.SUCCEEDED
    assert held_of(project) == FEE
    assert ledger_violations() == []


def test_a_pending_top_up_is_reported_and_not_held(personas, dropped, settings):
    project, engagement = dropped
    settings.STINT_TEST_PROVIDER_PENDING = True
    with pytest.raises(Conflict) as exc:
        project_fund_opening(project=project, actor=personas.company_owner, replaces=engagement)
    assert exc.value.code == "payment_pending"
    with pytest.raises(Conflict):  # the live pending top-up blocks a second charge
        project_fund_opening(project=project, actor=personas.company_owner, replaces=engagement)
    assert Funding.objects.filter(purpose=FundingPurpose.TOP_UP).count() == 1
    assert held_of(project) == 0
    assert ledger_violations() == []


@pytest.mark.parametrize("status", ["draft", "closed", "cancelled"])
def test_only_an_open_project_can_be_topped_up(personas, status):
    project = funded_project(personas.organization, status=status)
    with pytest.raises(Conflict) as exc:
        project_fund_opening(project=project, actor=personas.company_owner)
    assert exc.value.code == "project_not_open"
    assert not Funding.objects.filter(purpose=FundingPurpose.TOP_UP).exists()


def test_a_top_up_for_another_projects_engagement_is_refused(personas, dropped):
    _, engagement = dropped
    other = funded_project(personas.organization, status="open")
    with pytest.raises(ValidationFailed) as exc:
        project_fund_opening(project=other, actor=personas.company_owner, replaces=engagement)
    assert exc.value.code == "engagement_not_in_project"


def test_a_project_closed_during_the_charge_refunds_the_top_up(personas, dropped, run_on_commit):
    project, engagement = dropped
    real_execute = operations.funding_execute

    def close_then_charge(pk):
        Project.objects.filter(pk=project.pk).update(status="closed")
        return real_execute(pk)

    with (
        mock.patch("stint.payments.services.funding.funding_execute", side_effect=close_then_charge),
        pytest.raises(Conflict) as exc,
    ):
        run_on_commit(project_fund_opening, project=project, actor=personas.company_owner, replaces=engagement)
    assert exc.value.code == "project_not_open"
    assert held_of(project) == 0
    assert Refund.objects.filter(project=project, engagement=None).get().amount_minor == FEE + PLATFORM
    assert ledger_violations() == []


def test_the_initial_funding_stays_one_per_project_alongside_top_ups(personas, dropped):
    project, engagement = dropped
    project_fund_opening(project=project, actor=personas.company_owner, replaces=engagement)
    initial = Funding.objects.get(purpose=FundingPurpose.INITIAL)
    assert project_fund(project=project, actor=personas.company_owner).pk == initial.pk
    assert Funding.objects.count() == 2


def _funding_row(project, **kwargs):
    defaults = {
        "project": project,
        "organization": project.organization,
        "amount_minor": FEE + PLATFORM,
        "held_minor": FEE,
        "platform_fee_minor": PLATFORM,
        "currency": "USD",
        "openings": 1,
        "status": OperationStatus.PENDING,
    }
    defaults.update(kwargs)
    return Funding.objects.create(**defaults)


def test_the_database_allows_one_live_initial_funding_per_project(personas, dropped):
    project, _ = dropped
    with pytest.raises(IntegrityError), transaction.atomic():
        _funding_row(project, idempotency_key="second-initial")
    _funding_row(project, idempotency_key="failed-initial", status=OperationStatus.FAILED)  # a failure is fine


def test_the_database_allows_one_live_top_up_per_dropped_engagement(personas, dropped):
    project, engagement = dropped
    _funding_row(project, purpose=FundingPurpose.TOP_UP, replaces_engagement=engagement, idempotency_key="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        _funding_row(project, purpose=FundingPurpose.TOP_UP, replaces_engagement=engagement, idempotency_key="b")
    # Top-ups without an engagement (a plain extra opening) are not limited by that constraint.
    _funding_row(project, purpose=FundingPurpose.TOP_UP, idempotency_key="c")
    _funding_row(project, purpose=FundingPurpose.TOP_UP, idempotency_key="d")


def test_a_top_up_is_exactly_one_opening(personas, dropped):
    project, _ = dropped
    with pytest.raises(IntegrityError), transaction.atomic():
        _funding_row(
            project,
            purpose=FundingPurpose.TOP_UP,
            openings=2,
            amount_minor=2 * (FEE + PLATFORM),
            held_minor=2 * FEE,
            platform_fee_minor=2 * PLATFORM,
            idempotency_key="two",
        )


def test_refunds_are_split_over_the_charges_they_came_from(personas, run_on_commit):
    """An initial funding of 2 openings and a top-up: closing with nobody hired refunds 3 fees in
    two provider refunds, none larger than the charge it refunds."""
    org = OrganizationFactory()
    project = funded_project(org, status="open", openings=2)
    engagement = engagement_for(project, status="cancelled")
    run_on_commit(engagement_settle_cancellation, engagement=engagement, actor=None, minutes_logged=0)
    top_up = project_fund_opening(project=project, actor=None, replaces=engagement)
    initial = Funding.objects.get(purpose=FundingPurpose.INITIAL)
    assert held_of(project) == 2 * FEE
    Project.objects.filter(pk=project.pk).update(status="closed")
    run_on_commit(project_refund_unused, project=project, actor=None)
    assert held_of(project) == 0
    refunds = {r.funding_id: r for r in Refund.objects.filter(engagement=None)}
    # The initial charge (2 fees + 10 %) already gave back one fee with its platform fee.
    assert refunds[initial.pk].amount_minor == FEE + PLATFORM
    assert refunds[top_up.pk].amount_minor == FEE + PLATFORM
    for funding in (initial, top_up):
        refunded = sum(r.amount_minor for r in Refund.objects.filter(funding=funding))
        assert refunded <= funding.amount_minor
    assert all(r.status == OperationStatus.SUCCEEDED for r in Refund.objects.all())
    txn = LedgerTransaction.objects.get(kind=TransactionKind.REFUND)
    assert len(txn.data["refund_ids"]) == 2
    assert fees() == 0
    totals = organization_statement(org)["totals"][0]
    assert totals["charged"] == 3 * (FEE + PLATFORM)
    assert totals["refunded"] == 3 * (FEE + PLATFORM)
    assert totals["refund_pending"] == 0
    assert ledger_violations() == []
