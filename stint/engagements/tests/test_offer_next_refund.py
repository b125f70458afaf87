"""A talent drops out of the only opening and the company offers the slot to the next applicant.

The drop-out refunds the opening's fee at once; ``engagement_offer_next`` funds the opening again
(a top-up) before offering, so the replacement can be hired, submit, be approved and be paid, and
the ledger is sound at every step.

It relies on the applications app not counting a hire whose engagement the talent cancelled
against the project's openings (``application_offer`` / ``application_accept``, commit 784112f);
without that the offer at step 3 is refused with ``no_openings_left`` (409).
"""

from __future__ import annotations

import pytest

from stint.applications.choices import ApplicationStatus
from stint.applications.tests.factories import ApplicationFactory
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import refresh, submit
from stint.flows import hiring, publishing, settlement
from stint.payments import ledger
from stint.payments.choices import AccountKind, FundingPurpose, OperationStatus
from stint.payments.invariants import ledger_violations
from stint.payments.models import Funding, Refund
from stint.payments.tests.factories import draft_project
from stint.projects.tests.factories import ProjectSkillFactory

pytestmark = pytest.mark.django_db

FEE = 50_000
PLATFORM = 5_000


def held(project):
    return ledger.account_balance(ledger.account_for(AccountKind.HELD, "USD", project=project))


def balance(user):
    return ledger.account_balance(ledger.account_for(AccountKind.TALENT_BALANCE, "USD", user=user))


def test_drop_out_refund_top_up_replacement_hired_approved_and_paid(personas, django_capture_on_commit_callbacks):
    owner = personas.company_owner
    project = draft_project(personas.organization, openings=1)
    ProjectSkillFactory(project=project)
    publishing.project_publish(actor=owner, project=project)  # publish = fund: one opening held
    project.refresh_from_db()
    assert project.status == "open"
    assert held(project) == FEE
    assert ledger_violations() == []

    # 1. The first applicant is offered the slot and hired.
    first = ApplicationFactory(project=project, talent=personas.talent, status=ApplicationStatus.SHORTLISTED)
    second = ApplicationFactory(project=project, talent=personas.other_talent, status=ApplicationStatus.SHORTLISTED)
    hiring.application_offer(actor=owner, application=first)
    hiring.application_accept(actor=personas.talent, application=first, accept_overload=True)
    dropped = Engagement.objects.get(application=first)
    assert ledger_violations() == []

    # 2. The talent drops out: the opening's fee and its platform fee go back to the company.
    with django_capture_on_commit_callbacks(execute=True):
        settlement.engagement_cancel(actor=personas.talent, engagement=dropped, reason="Exams came up")
    assert held(project) == 0
    refund = Refund.objects.get(engagement=dropped)
    assert (refund.amount_minor, refund.status) == (FEE + PLATFORM, OperationStatus.SUCCEEDED)
    assert ledger_violations() == []

    # 3. The company offers the slot to the next shortlisted applicant: the opening is topped up first.
    offered = settlement.engagement_offer_next(actor=owner, engagement=dropped)
    assert offered.pk == second.pk
    assert offered.status == ApplicationStatus.OFFERED
    top_up = Funding.objects.get(purpose=FundingPurpose.TOP_UP)
    assert (top_up.status, top_up.amount_minor, top_up.replaces_engagement_id) == (
        OperationStatus.SUCCEEDED,
        FEE + PLATFORM,
        dropped.pk,
    )
    assert held(project) == FEE
    assert ledger_violations() == []

    # 4. The replacement accepts, delivers and is approved: the topped-up fee is released.
    hiring.application_accept(actor=personas.other_talent, application=second, accept_overload=True)
    replacement = Engagement.objects.get(application=second)
    assert ledger_violations() == []
    submit(replacement, personas.other_talent)
    assert ledger_violations() == []
    settlement.engagement_approve(actor=owner, engagement=replacement)
    assert refresh(replacement).status == "paid"
    assert balance(personas.other_talent) == FEE
    assert balance(personas.talent) == 0
    assert held(project) == 0
    assert ledger_violations() == []

    # 5. Closing the project finds nothing left to refund.
    with django_capture_on_commit_callbacks(execute=True):
        publishing.project_close(actor=owner, project=project, reason="All done, thank you")
    assert Refund.objects.filter(project=project, engagement=None).count() == 0
    assert held(project) == 0
    assert ledger_violations() == []


def test_offering_a_freed_slot_from_the_applicant_list_funds_it_again(personas, django_capture_on_commit_callbacks):
    """The same drop-out, but the company offers the slot with the ordinary offer button."""
    owner = personas.company_owner
    project = draft_project(personas.organization, openings=1)
    ProjectSkillFactory(project=project)
    publishing.project_publish(actor=owner, project=project)
    first = ApplicationFactory(project=project, talent=personas.talent, status=ApplicationStatus.SHORTLISTED)
    second = ApplicationFactory(project=project, talent=personas.other_talent, status=ApplicationStatus.SHORTLISTED)
    hiring.application_offer(actor=owner, application=first)
    hiring.application_accept(actor=personas.talent, application=first, accept_overload=True)
    dropped = Engagement.objects.get(application=first)
    with django_capture_on_commit_callbacks(execute=True):
        settlement.engagement_cancel(actor=personas.talent, engagement=dropped, reason="Exams came up")
    assert held(project) == 0

    hiring.application_offer(actor=owner, application=second)
    # A double click does not charge twice.
    hiring.application_offer(actor=owner, application=second)
    assert Funding.objects.filter(purpose=FundingPurpose.TOP_UP, status=OperationStatus.SUCCEEDED).count() == 1
    assert held(project) == FEE
    hiring.application_accept(actor=personas.other_talent, application=second, accept_overload=True)
    replacement = Engagement.objects.get(application=second)
    submit(replacement, personas.other_talent)
    settlement.engagement_approve(actor=owner, engagement=replacement)
    assert balance(personas.other_talent) == FEE
    assert ledger_violations() == []


def test_a_declined_top_up_leaves_the_slot_unoffered(personas, settings, django_capture_on_commit_callbacks):
    owner = personas.company_owner
    project = draft_project(personas.organization, openings=1)
    ProjectSkillFactory(project=project)
    publishing.project_publish(actor=owner, project=project)
    first = ApplicationFactory(project=project, talent=personas.talent, status=ApplicationStatus.SHORTLISTED)
    second = ApplicationFactory(project=project, talent=personas.other_talent, status=ApplicationStatus.SHORTLISTED)
    hiring.application_offer(actor=owner, application=first)
    hiring.application_accept(actor=personas.talent, application=first, accept_overload=True)
    dropped = Engagement.objects.get(application=first)
    with django_capture_on_commit_callbacks(execute=True):
        settlement.engagement_cancel(actor=personas.talent, engagement=dropped, reason="Exams came up")
    settings.STINT_TEST_PROVIDER_FAIL = True
    with pytest.raises(Exception) as excinfo:
        hiring.application_offer(actor=owner, application=second)
    assert getattr(excinfo.value, "code", "") == "payment_failed"
    second.refresh_from_db()
    assert second.status == ApplicationStatus.SHORTLISTED
    assert ledger_violations() == []
