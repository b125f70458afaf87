"""Engagement services: disputes, reviews and the organization's figures."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.core.errors import Conflict, NotFound, ValidationFailed
from stint.core.models import AuditEvent
from stint.engagements import selectors, services
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Review
from stint.engagements.tests.helpers import balance, held, log, submit
from stint.flows import settlement
from stint.payments.invariants import ledger_violations
from stint.payments.tests.factories import engagement_for, set_status
from stint.skills.tests.factories import SkillFactory

S = EngagementStatus
pytestmark = pytest.mark.django_db


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
    assert services.review_visible(review=company_review, viewer=personas.company_member)
    assert not services.review_visible(review=company_review, viewer=personas.talent)
    assert selectors.reviews_visible_to(engagement=engagement, user=personas.talent) == []
    talent_review = services.review_create(
        author=personas.talent, engagement=engagement, rating=4, comment="Clear brief"
    )
    assert services.review_visible(review=company_review, viewer=personas.talent)
    assert services.review_visible(review=talent_review, viewer=personas.company_owner)
    assert list(company_review.endorsed_skills.all()) == [skill]


def test_reviews_become_visible_after_fourteen_days(personas, engagement):
    engagement = approved(personas, engagement)
    review = services.review_create(author=personas.talent, engagement=engagement, rating=3)
    assert not services.review_visible(review=review, viewer=personas.company_owner)
    later = engagement.approved_at + datetime.timedelta(days=14, seconds=1)
    assert services.review_visible(review=review, viewer=personas.company_owner, now=later)


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
    engagement = approved(personas, engagement)
    with pytest.raises(ValidationFailed) as exc:
        services.review_create(
            author=personas.company_owner, engagement=engagement, rating=5, endorsed_skills=[SkillFactory().pk]
        )
    assert exc.value.code == "skill_not_in_project"


# --- Reliability ---------------------------------------------------------------------------------


def test_organization_stats(personas, engagement, project):
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
