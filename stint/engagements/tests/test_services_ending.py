"""Engagement services: the auto-release, cancellation and its settlement, offering the next applicant."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from stint.applications.choices import ApplicationStatus
from stint.applications.selectors import best_shortlisted_application
from stint.applications.tests.factories import ApplicationFactory
from stint.core.errors import Conflict
from stint.engagements import services
from stint.engagements.choices import EngagementStatus
from stint.engagements.tests.helpers import balance, held, log, log_over_days, refresh, started_days_ago, submit
from stint.flows import settlement
from stint.flows.tasks import auto_release_engagements
from stint.notifications.models import Notification
from stint.payments.invariants import ledger_violations
from stint.payments.models import LedgerTransaction
from stint.payments.tests.factories import engagement_for, set_status

S = EngagementStatus
pytestmark = pytest.mark.django_db


def test_auto_release_pays_after_the_review_window(personas, engagement):
    submit(engagement, personas.talent)
    assert settlement.engagements_auto_release() == 0
    later = timezone.now() + datetime.timedelta(days=8)
    assert settlement.engagements_auto_release(now=later) == 1
    engagement = refresh(engagement)
    assert engagement.status == S.PAID
    assert engagement.auto_released
    assert balance(personas.talent) == 50_000
    assert settlement.engagements_auto_release(now=later) == 0
    assert ledger_violations() == []


def test_auto_release_never_follows_a_request_for_changes(personas, engagement):
    submit(engagement, personas.talent)
    services.engagement_request_changes(actor=personas.company_owner, engagement=engagement, message="Fix")
    assert settlement.engagements_auto_release(now=timezone.now() + datetime.timedelta(days=30)) == 0
    assert refresh(engagement).status == S.CHANGES_REQUESTED
    assert ledger_violations() == []


def test_auto_release_never_follows_a_dispute_or_cancellation(personas, engagement, project):
    submit(engagement, personas.talent)
    services.engagement_dispute_open(actor=personas.company_owner, engagement=engagement, reason="Not delivered")

    other = engagement_for(project, talent=personas.other_talent)
    submit(other, personas.other_talent)
    settlement.engagement_cancel(actor=personas.company_owner, engagement=other, reason="Budget cut")
    assert settlement.engagements_auto_release(now=timezone.now() + datetime.timedelta(days=30)) == 0
    assert balance(personas.talent) == 0
    assert ledger_violations() == []


def test_the_auto_release_task_runs(personas, engagement):
    submit(engagement, personas.talent)
    engagement.__class__.objects.filter(pk=engagement.pk).update(
        review_deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    auto_release_engagements.call()
    assert refresh(engagement).status == S.PAID
    assert ledger_violations() == []


# --- Cancellation --------------------------------------------------------------------------------


@override_settings(STINT_CANCELLATION_CONTEST_DAYS=0)
@pytest.mark.parametrize(
    ("minutes", "talent_share"), [(0, 0), (5 * 60, 12_500), (10 * 60 + 30, 26_250), (30 * 60, 50_000)]
)
def test_company_cancellation_pays_pro_rata_capped_at_the_fee(personas, engagement, project, minutes, talent_share):
    within = min(minutes, 20 * 60)
    if within:
        engagement = log_over_days(engagement, personas.talent, within)
    if minutes > within:  # beyond the estimate only once the company approved the overrun
        engagement = services.engagement_overrun_acknowledge(
            actor=personas.company_owner, engagement=engagement, decision="approve_overrun"
        )
        engagement = started_days_ago(engagement, 3)
        log(engagement, personas.talent, minutes - within, timezone.localdate() - datetime.timedelta(days=2))
    result = settlement.engagement_cancel(actor=personas.company_member, engagement=engagement, reason="Budget cut")
    assert result.status == S.CANCELLED
    assert result.settled_at is not None
    assert result.talent_share_minor == talent_share
    assert balance(personas.talent) == talent_share
    assert held(project) == 0
    assert ledger_violations() == []


def test_company_cancellation_waits_for_the_contest_window(personas, engagement, settings):
    settings.STINT_CANCELLATION_CONTEST_DAYS = 3
    log(engagement, personas.talent, 120)
    result = settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Budget cut")
    assert result.settled_at is None
    assert settlement.engagements_settle_cancellations() == 0
    assert settlement.engagements_settle_cancellations(now=timezone.now() + datetime.timedelta(days=4)) == 1
    assert balance(personas.talent) == 5_000
    assert settlement.engagements_settle_cancellations(now=timezone.now() + datetime.timedelta(days=4)) == 0
    with pytest.raises(Conflict) as exc:
        services.engagement_dispute_open(actor=personas.talent, engagement=engagement, reason="Unfair")
    assert exc.value.code == "engagement_already_settled"
    assert ledger_violations() == []


def test_talent_drop_out_refunds_everything_and_the_next_applicant_can_be_offered(personas, engagement, project):
    log(engagement, personas.talent, 300)
    nxt = ApplicationFactory(project=project, talent=personas.other_talent, status=ApplicationStatus.SHORTLISTED)
    result = settlement.engagement_cancel(actor=personas.talent, engagement=engagement, reason="Exams")
    assert result.cancelled_by == "talent"
    assert result.talent_share_minor == 0
    assert balance(personas.talent) == 0
    assert held(project) == 0
    assert Notification.objects.filter(user=personas.company_owner, event="engagement.cancelled").exists()
    assert ledger_violations() == []
    assert best_shortlisted_application(project_id=result.project_id) == nxt


def test_offer_next_needs_a_drop_out(personas, engagement):
    with pytest.raises(Conflict) as exc:
        settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    assert exc.value.code == "not_dropped_out"


def test_offer_next_without_shortlist_is_refused(personas, engagement):
    settlement.engagement_cancel(actor=personas.talent, engagement=engagement, reason="Exams")
    with pytest.raises(Conflict) as exc:
        settlement.engagement_offer_next(actor=personas.company_owner, engagement=engagement)
    assert exc.value.code == "no_shortlisted_applicant"


@pytest.mark.parametrize("status", [S.APPROVED, S.PAID, S.DISPUTED])
def test_cancelling_after_approval_or_in_dispute_is_illegal(personas, engagement, status):
    set_status(engagement, status)
    with pytest.raises(Conflict):
        settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Late")


def test_cancelling_twice_is_a_no_op(personas, engagement, settings):
    settings.STINT_CANCELLATION_CONTEST_DAYS = 0
    settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Late")
    settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Late")
    assert LedgerTransaction.objects.filter(engagement=engagement).count() == 1
    assert ledger_violations() == []
