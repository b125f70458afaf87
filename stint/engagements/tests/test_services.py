from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from stint.applications.choices import ApplicationStatus
from stint.applications.selectors import best_shortlisted_application
from stint.applications.tests.factories import ApplicationFactory
from stint.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.engagements import selectors, services
from stint.engagements.choices import ALLOWED_TRANSITIONS, EngagementStatus
from stint.engagements.models import ChangeRequest, Review, TimeEntry
from stint.engagements.tests.helpers import log, log_over_days, refresh, started_days_ago, submit
from stint.flows import settlement
from stint.notifications.models import Notification
from stint.payments.invariants import ledger_violations
from stint.payments.models import LedgerTransaction
from stint.payments.tests.factories import set_status

S = EngagementStatus
pytestmark = pytest.mark.django_db


def balance(user):
    from stint.payments import ledger
    from stint.payments.choices import AccountKind

    return ledger.account_balance(ledger.account_for(AccountKind.TALENT_BALANCE, "USD", user=user))


def held(project):
    from stint.payments import ledger
    from stint.payments.choices import AccountKind

    return ledger.account_balance(ledger.account_for(AccountKind.HELD, "USD", project=project))


# --- Transition table ----------------------------------------------------------------------------


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
    from stint.payments.tests.factories import engagement_for
    from stint.projects.tests.factories import ProjectFactory

    unfunded = ProjectFactory(organization=personas.organization)
    engagement = engagement_for(unfunded, talent=personas.talent)
    submit(engagement, personas.talent)
    with pytest.raises(ApplicationError) as exc:
        settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)
    assert exc.value.code == "insufficient_held_funds"
    assert refresh(engagement).status == S.SUBMITTED
    assert ledger_violations() == []


# --- Auto-release --------------------------------------------------------------------------------


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
    from stint.payments.tests.factories import engagement_for

    other = engagement_for(project, talent=personas.other_talent)
    submit(other, personas.other_talent)
    settlement.engagement_cancel(actor=personas.company_owner, engagement=other, reason="Budget cut")
    assert settlement.engagements_auto_release(now=timezone.now() + datetime.timedelta(days=30)) == 0
    assert balance(personas.talent) == 0
    assert ledger_violations() == []


def test_the_auto_release_task_runs(personas, engagement):
    from stint.flows.tasks import auto_release_engagements

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


# --- Disputes ------------------------------------------------------------------------------------


def test_dispute_on_a_submission_is_split_by_staff(personas, engagement, project):
    submit(engagement, personas.talent)
    services.engagement_dispute_open(actor=personas.talent, engagement=engagement, reason="No answer")
    assert selectors.engagement_get_for_user(user=personas.staff, engagement_id=engagement.pk)
    result = settlement.engagement_dispute_resolve(
        staff=personas.staff, engagement=engagement, talent_amount_minor=30_000, note="Most was done"
    )
    assert result.status == S.PAID
    assert balance(personas.talent) == 30_000
    assert held(project) == 0
    assert AuditEvent.objects.filter(code="engagement.dispute_resolved").exists()
    assert ledger_violations() == []


def test_dispute_resolved_with_nothing_for_the_talent_cancels(personas, engagement):
    submit(engagement, personas.talent)
    services.engagement_dispute_open(actor=personas.company_owner, engagement=engagement, reason="Plagiarism")
    result = settlement.engagement_dispute_resolve(staff=personas.staff, engagement=engagement, talent_amount_minor=0)
    assert result.status == S.CANCELLED
    assert ledger_violations() == []


def test_talent_disputes_a_cancellation_within_the_window(personas, engagement, settings):
    settings.STINT_CANCELLATION_CONTEST_DAYS = 3
    log(engagement, personas.talent, 60)
    settlement.engagement_cancel(actor=personas.company_owner, engagement=engagement, reason="Budget")
    services.engagement_dispute_open(actor=personas.talent, engagement=engagement, reason="I did 10 hours")
    assert settlement.engagements_settle_cancellations(now=timezone.now() + datetime.timedelta(days=5)) == 0
    result = settlement.engagement_dispute_resolve(
        staff=personas.staff, engagement=engagement, talent_amount_minor=25_000
    )
    assert result.status == S.PAID
    assert balance(personas.talent) == 25_000
    assert ledger_violations() == []


def test_only_staff_resolve_and_within_the_fee(personas, engagement):
    submit(engagement, personas.talent)
    services.engagement_dispute_open(actor=personas.talent, engagement=engagement, reason="x")
    with pytest.raises(NotFound):
        settlement.engagement_dispute_resolve(
            staff=personas.company_owner, engagement=engagement, talent_amount_minor=1
        )
    with pytest.raises(ValidationFailed) as exc:
        settlement.engagement_dispute_resolve(staff=personas.staff, engagement=engagement, talent_amount_minor=50_001)
    assert exc.value.code == "invalid_split"


@pytest.mark.parametrize("status", [S.ACTIVE, S.CHANGES_REQUESTED, S.PAID])
def test_disputes_open_only_from_submitted_or_cancelled(personas, engagement, status):
    set_status(engagement, status)
    with pytest.raises(Conflict) as exc:
        services.engagement_dispute_open(actor=personas.talent, engagement=engagement, reason="x")
    assert exc.value.code == "illegal_transition"


def test_staff_cannot_see_undisputed_engagements(personas, engagement):
    with pytest.raises(NotFound):
        selectors.engagement_get_for_user(user=personas.staff, engagement_id=engagement.pk)


# --- Reviews -------------------------------------------------------------------------------------


def approved(personas, engagement):
    submit(engagement, personas.talent)
    return settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)


def test_reviews_open_only_after_approval(personas, engagement):
    with pytest.raises(Conflict) as exc:
        services.review_create(author=personas.talent, engagement=engagement, rating=5)
    assert exc.value.code == "review_not_open"


def test_reviews_are_blind_until_both_sides_reviewed(personas, engagement, project):
    engagement = approved(personas, engagement)
    skill = project.project_skills.get().skill
    company_review = services.review_create(
        author=personas.company_member, engagement=engagement, rating=5, comment="Great", endorsed_skills=[skill.pk]
    )
    assert services.review_visible(company_review, personas.company_member)
    assert not services.review_visible(company_review, personas.talent)
    assert selectors.reviews_visible_to(engagement=engagement, user=personas.talent) == []
    talent_review = services.review_create(
        author=personas.talent, engagement=engagement, rating=4, comment="Clear brief"
    )
    assert services.review_visible(company_review, personas.talent)
    assert services.review_visible(talent_review, personas.company_owner)
    assert list(company_review.endorsed_skills.all()) == [skill]


def test_reviews_become_visible_after_fourteen_days(personas, engagement):
    engagement = approved(personas, engagement)
    review = services.review_create(author=personas.talent, engagement=engagement, rating=3)
    assert not services.review_visible(review, personas.company_owner)
    later = engagement.approved_at + datetime.timedelta(days=14, seconds=1)
    assert services.review_visible(review, personas.company_owner, now=later)


def test_each_side_reviews_once(personas, engagement):
    engagement = approved(personas, engagement)
    services.review_create(author=personas.company_owner, engagement=engagement, rating=5)
    with pytest.raises(Conflict) as exc:
        services.review_create(author=personas.company_member, engagement=engagement, rating=4)
    assert exc.value.code == "already_reviewed"
    assert Review.objects.count() == 1


@pytest.mark.parametrize("rating", [0, 6])
def test_ratings_are_one_to_five(personas, engagement, rating):
    engagement = approved(personas, engagement)
    with pytest.raises(ValidationFailed) as exc:
        services.review_create(author=personas.talent, engagement=engagement, rating=rating)
    assert exc.value.code == "invalid_rating"


def test_endorsements_are_limited_to_the_project_skills(personas, engagement):
    from stint.skills.tests.factories import SkillFactory

    engagement = approved(personas, engagement)
    with pytest.raises(ValidationFailed) as exc:
        services.review_create(
            author=personas.company_owner, engagement=engagement, rating=5, endorsed_skills=[SkillFactory().pk]
        )
    assert exc.value.code == "skill_not_in_project"


# --- Reliability ---------------------------------------------------------------------------------


def test_organization_stats(personas, engagement, project):
    from stint.payments.tests.factories import engagement_for

    assert selectors.engagement_stats_for_organization(personas.organization) == {
        "completion_rate": None,
        "median_days_to_pay": None,
    }
    approved(personas, engagement)
    other = engagement_for(project, talent=personas.other_talent)
    set_status(other, S.CANCELLED)
    stats = selectors.engagement_stats_for_organization(personas.organization)
    assert stats["completion_rate"] == 0.5
    assert stats["median_days_to_pay"] == 0.0
