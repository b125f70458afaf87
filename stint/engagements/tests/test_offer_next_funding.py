"""Offering a dropped-out slot again funds the opening first (``project_fund_opening``): a failed
charge offers nothing, a second offer for the same slot charges nothing more, a closed project is
refused before any charge; the API and the workspace say so."""

from __future__ import annotations

import pytest
from django.utils import timezone

from stint.applications import services as applications
from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.core.errors import ApplicationError, Conflict
from stint.core.models import AuditEvent
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import refresh, submit
from stint.flows import hiring, publishing, settlement
from stint.payments import ledger
from stint.payments.choices import AccountKind, FundingPurpose, OperationStatus
from stint.payments.invariants import ledger_violations
from stint.payments.models import Funding, Refund
from stint.payments.tests.factories import declined_card, engagement_for, funded_project
from stint.projects.models import Project

pytestmark = pytest.mark.django_db

FEE = 50_000
PLATFORM = 5_000


def held(project):
    return ledger.account_balance(ledger.account_for(AccountKind.HELD, "USD", project=project))


def balance(user):
    return ledger.account_balance(ledger.account_for(AccountKind.TALENT_BALANCE, "USD", user=user))


def top_ups():
    return Funding.objects.filter(purpose=FundingPurpose.TOP_UP)


@pytest.fixture
def dropped(personas, engagement, project):
    """``personas.talent`` dropped out of ``engagement``; ``personas.other_talent`` is shortlisted."""
    nxt = ApplicationFactory(project=project, talent=personas.other_talent, status=ApplicationStatus.SHORTLISTED)
    settlement.engagement_cancel(actor=personas.talent, engagement=engagement, reason="Exams")
    assert held(project) == 0
    return engagement, nxt


def test_offering_the_slot_funds_the_opening_again_before_the_offer(personas, dropped, project):
    engagement, nxt = dropped
    offered = settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    assert offered.pk == nxt.pk and offered.status == ApplicationStatus.OFFERED
    funding = top_ups().get()
    assert (funding.status, funding.amount_minor, funding.replaces_engagement_id) == (
        OperationStatus.SUCCEEDED,
        FEE + PLATFORM,
        engagement.pk,
    )
    assert held(project) == FEE
    event = AuditEvent.objects.get(code="engagement.offered_next")
    assert event.data["funding_id"] == str(funding.pk)
    assert ledger_violations() == []


def test_a_declined_card_offers_nothing(personas, dropped, project):
    engagement, nxt = dropped
    declined_card(personas.organization)
    with pytest.raises(ApplicationError) as exc:
        settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    assert (exc.value.code, exc.value.status) == ("payment_failed", 402)
    assert Application.objects.get(pk=nxt.pk).status == ApplicationStatus.SHORTLISTED
    assert top_ups().get().status == OperationStatus.FAILED
    assert held(project) == 0
    assert not AuditEvent.objects.filter(code="engagement.offered_next").exists()
    assert ledger_violations() == []


def test_offering_again_after_a_decline_charges_once(personas, dropped, project):
    engagement, nxt = dropped
    third = ApplicationFactory(project=project, status=ApplicationStatus.SHORTLISTED)
    first_offer = settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    applications.application_decline(actor=first_offer.talent, application=first_offer)
    second_offer = settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    assert {first_offer.pk, second_offer.pk} == {nxt.pk, third.pk}
    assert top_ups().count() == 1
    assert held(project) == FEE
    assert ledger_violations() == []


def test_a_closed_project_is_refused_before_any_charge(personas, dropped, project):
    engagement, _ = dropped
    Project.objects.filter(pk=project.pk).update(status="closed")
    with pytest.raises(Conflict) as exc:
        settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    assert exc.value.code == "project_not_open"
    assert not top_ups().exists()


def test_no_shortlisted_applicant_means_no_charge(personas, engagement):
    settlement.engagement_cancel(actor=personas.talent, engagement=engagement, reason="Exams")
    with pytest.raises(Conflict) as exc:
        settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    assert exc.value.code == "no_shortlisted_applicant"
    assert not top_ups().exists()


def test_a_replacement_on_a_two_opening_project_is_paid_from_the_top_up(personas, settings):
    """Two openings, one hire who drops out: the replacement's fee comes from the top-up and the
    never-used second opening is refunded when the project closes."""

    settings.STINT_CANCELLATION_CONTEST_DAYS = 0
    owner = personas.company_owner
    project = funded_project(personas.organization, actor=owner, status="open", openings=2)
    first = engagement_for(project, talent=personas.talent)
    nxt = ApplicationFactory(project=project, talent=personas.other_talent, status=ApplicationStatus.SHORTLISTED)
    settlement.engagement_cancel(actor=personas.talent, engagement=first, reason="Exams")
    assert held(project) == FEE
    settlement.engagement_offer_next(actor=owner, engagement=first)
    assert held(project) == 2 * FEE
    hiring.application_accept(actor=personas.other_talent, application=nxt, accept_overload=True)
    replacement = Engagement.objects.get(application=nxt)
    submit(replacement, personas.other_talent)
    settlement.engagement_approve(actor=owner, engagement=replacement)
    assert refresh(replacement).status == "paid"
    assert balance(personas.other_talent) == FEE
    assert held(project) == FEE
    assert ledger_violations() == []
    publishing.project_close(actor=owner, project=project, reason="Enough for now")
    assert held(project) == 0
    assert Refund.objects.filter(project=project, engagement=None).get().amount_minor == FEE + PLATFORM
    assert ledger_violations() == []


def test_offer_next_charge_failure_over_the_api_is_402(personas, dropped, api_client_for):
    engagement, _ = dropped
    declined_card(personas.organization)
    response = api_client_for(personas.company_owner).post(f"engagements/{engagement.pk}/offer-next")
    assert response.status_code == 402
    assert response.json()["code"] == "payment_failed"


def test_offer_next_over_the_api_creates_the_offer(personas, dropped, api_client_for):
    engagement, nxt = dropped
    response = api_client_for(personas.company_owner).post(f"engagements/{engagement.pk}/offer-next")
    assert response.status_code == 201
    assert response.json()["application_id"] == str(nxt.pk)
    assert top_ups().get().status == OperationStatus.SUCCEEDED


@pytest.mark.parametrize("name", ["talent", "other_talent", "other_company_member"])
def test_only_the_company_can_offer_the_slot(personas, dropped, api_client_for, name):
    engagement, _ = dropped
    response = api_client_for(getattr(personas, name)).post(f"engagements/{engagement.pk}/offer-next")
    assert response.status_code == (403 if name == "talent" else 404)
    assert not top_ups().exists()


def test_the_workspace_states_what_offering_the_slot_costs(client, personas, dropped):
    engagement, _ = dropped
    client.force_login(personas.company_owner)
    html = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "Offering it funds the opening again" in html
    assert "$550.00" in html or "550.00" in html
    settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    html = client.get(f"/engagements/{engagement.pk}/").content.decode()
    assert "already funded again" in html


def test_the_workspace_offer_posts_and_reports(client, personas, dropped):
    engagement, nxt = dropped
    client.force_login(personas.company_owner)
    response = client.post(f"/engagements/{engagement.pk}/offer-next/", follow=True)
    assert response.status_code == 200
    assert f"Offer sent to {nxt.talent}" in response.content.decode()
    expires = Application.objects.get(pk=nxt.pk).offer_expires_at
    assert expires is not None and timezone.now() < expires
