"""Engagement services: the transition table, the time log, submissions, changes and approval."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.engagements import selectors, services
from stint.engagements.choices import ALLOWED_TRANSITIONS, EngagementStatus
from stint.engagements.models import ChangeRequest, TimeEntry
from stint.engagements.tests.helpers import balance, held, log, log_over_days, refresh, submit
from stint.flows import settlement
from stint.notifications.models import Notification
from stint.payments.invariants import ledger_violations
from stint.payments.models import LedgerTransaction
from stint.payments.tests.factories import engagement_for, set_status
from stint.projects.tests.factories import ProjectFactory

S = EngagementStatus
pytestmark = pytest.mark.django_db


def test_every_status_has_a_row_in_the_transition_table():
    assert set(ALLOWED_TRANSITIONS) == set(S.values)
    assert ALLOWED_TRANSITIONS[S.PAID] == ()


# --- Time log ------------------------------------------------------------------------------------


def test_talent_logs_time_and_it_counts(personas, engagement):
    log(engagement, personas.talent, 90)
    assert selectors.logged_minutes(engagement) == 90
    assert AuditEvent.objects.filter(code="engagement.time_logged", target_id=str(engagement.pk)).exists()


@pytest.mark.parametrize(
    ("minutes", "days", "code"),
    [
        (0, 0, "invalid_minutes"),
        (24 * 60 + 1, 0, "invalid_minutes"),
        (30, -1, "date_in_future"),
        (30, 5, "date_before_start"),
    ],
)
def test_invalid_time_entries_are_refused(personas, engagement, minutes, days, code):
    with pytest.raises(ValidationFailed) as exc:
        log(engagement, personas.talent, minutes, timezone.localdate() - datetime.timedelta(days=days))
    assert exc.value.code == code


def test_only_the_engaged_talent_logs_time(personas, engagement):
    with pytest.raises(NotFound):
        log(engagement, personas.other_talent, 30)
    with pytest.raises(PermissionDenied):
        log(engagement, personas.company_owner, 30)


def test_time_cannot_be_logged_once_submitted(personas, engagement):
    submit(engagement, personas.talent)
    with pytest.raises(Conflict) as exc:
        log(engagement, personas.talent, 30)
    assert exc.value.code == "illegal_transition"


def test_talent_deletes_own_entry_while_active(personas, engagement):
    entry = log(engagement, personas.talent, 30)
    services.time_entry_delete(talent=personas.talent, entry=entry)
    assert not TimeEntry.objects.exists()


def test_reaching_the_estimate_warns_both_sides_and_extra_hours_need_approval(personas, engagement):
    personas.company_member
    engagement = log_over_days(engagement, personas.talent, 19 * 60)
    assert not Notification.objects.filter(event="engagement.scope_overrun").exists()
    log(engagement, personas.talent, 60, timezone.localdate() - datetime.timedelta(days=1))
    assert Notification.objects.filter(event="engagement.scope_overrun", user=personas.talent).exists()
    assert Notification.objects.filter(event="engagement.scope_overrun", user=personas.company_member).exists()
    assert selectors.scope_status(engagement)["at_estimate"]
    with pytest.raises(Conflict) as exc:
        log(engagement, personas.talent, 60)
    assert exc.value.code == "estimate_exceeded"
    assert selectors.logged_minutes(engagement) == 20 * 60
    result = services.engagement_overrun_acknowledge(
        actor=personas.company_owner, engagement=engagement, decision="approve_overrun", note="Fine."
    )
    assert result.overrun_decision == "approve_overrun"
    assert result.fee_minor == 50_000
    log(result, personas.talent, 60)
    assert selectors.scope_status(result)["over_estimate"]


def test_acknowledging_without_an_overrun_is_refused(personas, engagement):
    with pytest.raises(Conflict) as exc:
        services.engagement_overrun_acknowledge(
            actor=personas.company_owner, engagement=engagement, decision="adjust_scope"
        )
    assert exc.value.code == "no_overrun"


# --- Submit, changes, approve --------------------------------------------------------------------


def test_submission_sets_the_review_deadline_and_tells_the_company(personas, engagement, settings):
    settings.STINT_REVIEW_WINDOW_DAYS = 7
    personas.company_member
    submission = submit(engagement, personas.talent, links=["https://example.org/deck"])
    engagement = refresh(engagement)
    assert engagement.status == S.SUBMITTED
    assert submission.round == 1
    assert submission.files.get().content_type == "application/pdf"
    assert abs((engagement.review_deadline - timezone.now()) - datetime.timedelta(days=7)) < datetime.timedelta(
        minutes=1
    )
    assert Notification.objects.filter(user=personas.company_member, event="submission.created").exists()


def test_ai_use_declaration_is_required(personas, engagement):
    with pytest.raises(ValidationFailed) as exc:
        submit(engagement, personas.talent, ai_use="  ")
    assert exc.value.code == "ai_use_required"


def test_a_company_member_cannot_submit(personas, engagement):
    with pytest.raises(PermissionDenied):
        submit(engagement, personas.company_owner)


def test_change_rounds_are_capped(personas, engagement, settings):
    settings.STINT_MAX_CHANGE_ROUNDS = 2
    for n in range(2):
        submit(engagement, personas.talent)
        result = services.engagement_request_changes(
            actor=personas.company_member, engagement=engagement, message=f"Fix {n}"
        )
        assert result.status == S.CHANGES_REQUESTED
        assert result.review_deadline is None
    submit(engagement, personas.talent)
    with pytest.raises(Conflict) as exc:
        services.engagement_request_changes(actor=personas.company_member, engagement=engagement, message="Again")
    assert exc.value.code == "change_rounds_exhausted"
    assert ChangeRequest.objects.filter(engagement=engagement).count() == 2
    assert refresh(engagement).submissions.count() == 3
    settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)
    assert ledger_violations() == []


def test_changes_cannot_be_requested_on_active_work(personas, engagement):
    with pytest.raises(Conflict) as exc:
        services.engagement_request_changes(actor=personas.company_member, engagement=engagement, message="x")
    assert exc.value.code == "illegal_transition"


def test_approval_releases_the_fee_once(personas, engagement, project):
    submit(engagement, personas.talent)
    result = settlement.engagement_approve(actor=personas.company_member, engagement=engagement)
    assert result.status == S.PAID
    assert result.approved_at and result.paid_at
    assert balance(personas.talent) == 50_000
    assert held(project) == 0
    again = settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)
    assert again.status == S.PAID
    assert LedgerTransaction.objects.filter(engagement=engagement, kind="release").count() == 1
    assert Notification.objects.filter(user=personas.talent, event="engagement.approved").count() == 1
    assert ledger_violations() == []


@pytest.mark.parametrize("status", [S.ACTIVE, S.CHANGES_REQUESTED, S.CANCELLED, S.DISPUTED])
def test_approval_from_other_statuses_is_illegal(personas, engagement, status):
    set_status(engagement, status)
    with pytest.raises(Conflict) as exc:
        settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)
    assert exc.value.code == "illegal_transition"
    assert balance(personas.talent) == 0
    assert ledger_violations() == []


def test_the_talent_cannot_approve_their_own_work(personas, engagement):
    submit(engagement, personas.talent)
    with pytest.raises(PermissionDenied):
        settlement.engagement_approve(actor=personas.talent, engagement=engagement)
    with pytest.raises(NotFound):
        settlement.engagement_approve(actor=personas.other_company_member, engagement=engagement)


def test_approval_without_held_funds_changes_nothing(personas):
    unfunded = ProjectFactory(organization=personas.organization)
    engagement = engagement_for(unfunded, talent=personas.talent)
    submit(engagement, personas.talent)
    with pytest.raises(ApplicationError) as exc:
        settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)
    assert exc.value.code == "insufficient_held_funds"
    assert refresh(engagement).status == S.SUBMITTED
    assert ledger_violations() == []
