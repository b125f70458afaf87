"""The side whose cancellation lost (to the other side's cancellation or to an approval) gets 409
``engagement_state_changed`` with the state that won, never a 200; nothing it asked for happens.
The requests below carry the engagement as their side read it before the other side acted."""

from __future__ import annotations

import pytest
from django.test import override_settings

from stint.core.errors import Conflict
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import log, refresh, submit
from stint.flows import settlement
from stint.payments.models import LedgerTransaction

S = EngagementStatus
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settle_at_once():
    with override_settings(STINT_CANCELLATION_CONTEST_DAYS=0):
        yield


def _snapshot(engagement):
    row = Engagement.objects.values("status", "cancelled_by", "cancel_reason", "talent_share_minor").get(
        pk=engagement.pk
    )
    return row, list(LedgerTransaction.objects.filter(engagement=engagement).values_list("pk", flat=True))


def test_talent_cancelling_after_the_company_did_gets_409_naming_the_winner(personas, engagement):
    log(engagement, personas.talent, 120)
    stale = refresh(engagement)  # what the talent's request read
    settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Budget cut")
    before = _snapshot(engagement)
    with pytest.raises(Conflict) as exc:
        settlement.engagement_cancel(actor=personas.talent, engagement=stale, reason="Exams")
    assert exc.value.code == "engagement_state_changed"
    assert exc.value.status == 409
    assert exc.value.extra == {"current_status": "cancelled", "cancelled_by": "company"}
    assert _snapshot(engagement) == before
    assert before[0]["cancel_reason"] == "Budget cut"


def test_the_same_side_cancelling_twice_is_still_a_success(personas, engagement):
    stale = refresh(engagement)
    settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Budget cut")
    before = _snapshot(engagement)
    again = settlement.engagement_cancel(actor=personas.company_member, engagement=stale, reason="Double click")
    assert again.status == S.CANCELLED
    assert _snapshot(engagement) == before


def test_a_cancel_that_lost_to_an_approval_gets_409(personas, engagement):
    submit(engagement, personas.talent)
    stale = refresh(engagement)
    settlement.engagement_approve(actor=personas.company_owner, engagement=stale)
    before = _snapshot(engagement)
    with pytest.raises(Conflict) as exc:
        settlement.engagement_cancel(actor=personas.talent, engagement=stale, reason="Too late")
    assert exc.value.code == "engagement_state_changed"
    assert exc.value.extra == {"current_status": "paid"}
    assert _snapshot(engagement) == before


def test_an_approval_that_lost_to_a_cancellation_gets_409(personas, engagement):
    submit(engagement, personas.talent)
    stale = refresh(engagement)
    settlement.engagement_cancel(actor=personas.talent, engagement=engagement, reason="Exams")
    before = _snapshot(engagement)
    with pytest.raises(Conflict) as exc:
        settlement.engagement_approve(actor=personas.company_owner, engagement=stale)
    assert exc.value.code == "engagement_state_changed"
    assert exc.value.extra["cancelled_by"] == "talent"
    assert _snapshot(engagement) == before


def test_cancelling_a_long_paid_engagement_is_still_an_illegal_transition(personas, engagement):
    submit(engagement, personas.talent)
    settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)
    with pytest.raises(Conflict) as exc:
        settlement.engagement_cancel(actor=personas.company_owner, engagement=refresh(engagement), reason="Hm")
    assert exc.value.code == "illegal_transition"


def test_api_answers_409_problem_json_to_the_losing_side(personas, engagement, api_client_for):
    settlement.engagement_cancel(actor=personas.talent, engagement=engagement, reason="Exams")
    before = _snapshot(engagement)
    response = api_client_for(personas.company_owner).post(f"engagements/{engagement.pk}/cancel", {"reason": "Budget"})
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "engagement_state_changed"
    assert body["current_status"] == "cancelled"
    assert body["cancelled_by"] == "talent"
    assert _snapshot(engagement) == before


def test_page_tells_the_losing_side_what_happened(client, personas, engagement):
    settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Budget cut")
    before = _snapshot(engagement)
    client.force_login(personas.talent)
    response = client.post(
        f"/engagements/{engagement.pk}/cancel/",
        {"reason": "Exams"},
        HTTP_REFERER=f"/engagements/{engagement.pk}/",
        follow=True,
    )
    assert "Meanwhile this engagement was cancelled by the company" in response.content.decode()
    assert "Engagement cancelled." not in response.content.decode()
    assert _snapshot(engagement) == before
