"""Real concurrency on PostgreSQL: many "offer the next applicant" clicks top up the opening once."""

from __future__ import annotations

import pytest

from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.core.errors import ApplicationError
from stint.flows.settlement import engagement_cancel, engagement_offer_next
from stint.payments.choices import FundingPurpose, OperationStatus, TransactionKind
from stint.payments.invariants import ledger_violations
from stint.payments.models import Funding, LedgerTransaction
from stint.payments.services import project_fund_opening
from stint.payments.tests.factories import engagement_for, funded_project
from stint.payments.tests.test_races import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dropped(personas):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    engagement = engagement_for(project, talent=personas.talent)
    engagement_cancel(actor=personas.talent, engagement=engagement, reason="Exams")
    return project, engagement


def test_twenty_concurrent_top_ups_of_one_dropped_slot_charge_once(personas, dropped):
    project, engagement = dropped
    owner = personas.company_owner

    def top_up(i):
        return project_fund_opening(project=project, actor=owner, replaces=engagement).pk

    results, errors = run_concurrently(20, top_up)
    # Losers of the insert either see the winner's succeeded funding or its pending row (409).
    assert all(isinstance(e, ApplicationError) and e.code == "payment_pending" for e in errors), errors
    assert len(set(results)) == 1
    funding = Funding.objects.get(purpose=FundingPurpose.TOP_UP)
    assert funding.status == OperationStatus.SUCCEEDED
    assert LedgerTransaction.objects.filter(kind=TransactionKind.FUNDING, project=project).count() == 2
    assert ledger_violations() == []


def test_ten_concurrent_offer_next_clicks_charge_once_and_offer_once(personas, dropped):
    project, engagement = dropped
    for _ in range(3):
        ApplicationFactory(project=project, status=ApplicationStatus.SHORTLISTED)
    owner = personas.company_owner
    results, errors = run_concurrently(10, lambda i: engagement_offer_next(actor=owner, engagement=engagement).pk)
    codes = {getattr(e, "code", repr(e)) for e in errors}
    assert codes <= {"payment_pending", "no_openings_left"}, errors
    assert Funding.objects.filter(purpose=FundingPurpose.TOP_UP).count() == 1
    assert Application.objects.filter(project=project, status=ApplicationStatus.OFFERED).count() == 1
    assert len(set(results)) == 1
    assert ledger_violations() == []
