"""Application services: the company's actions (shortlist, reject, score, offer)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.applications import selectors, services
from stint.applications.choices import ALLOWED_TRANSITIONS, ApplicationStatus
from stint.applications.models import RubricScore
from stint.applications.tests.factories import ApplicationFactory
from stint.applications.tests.helpers import codes
from stint.core.errors import Conflict, NotFound, ValidationFailed
from stint.core.models import AuditEvent
from stint.flows import hiring
from stint.notifications.models import Notification
from stint.projects.choices import ProjectStatus

S = ApplicationStatus
pytestmark = pytest.mark.django_db


def test_a_member_shortlists_and_the_talent_hears_about_it(personas, application):
    result = services.application_shortlist(actor=personas.company_member, application=application)
    assert result.status == S.SHORTLISTED
    assert result.first_response_at is not None
    assert Notification.objects.filter(user=personas.talent, event="application.shortlisted").exists()
    first = result.first_response_at
    # Repeating the same transition changes nothing.
    again = services.application_shortlist(actor=personas.company_owner, application=result)
    assert again.first_response_at == first
    assert AuditEvent.objects.filter(code="application.shortlisted").count() == 1


def test_another_companys_member_cannot_act_on_the_application(personas, application):
    for action in (services.application_shortlist, hiring.application_offer):
        with pytest.raises(NotFound):
            action(actor=personas.other_company_member, application=application)
    with pytest.raises(NotFound):
        services.application_reject(actor=personas.other_company_member, application=application, reason="No.")
    with pytest.raises(NotFound):
        services.application_shortlist(actor=personas.talent, application=application)


def test_rejection_needs_a_reason(personas, application):
    with pytest.raises(ValidationFailed) as exc:
        services.application_reject(actor=personas.company_owner, application=application, reason="  ")
    assert codes(exc) == "rejection_reason_required"


def test_rejection_records_the_reason_and_tells_the_talent(personas, application):
    result = services.application_reject(
        actor=personas.company_owner, application=application, reason="We needed more survey experience."
    )
    assert result.status == S.REJECTED and result.decided_at and result.first_response_at
    note = Notification.objects.get(user=personas.talent, event="application.rejected")
    assert "survey experience" in note.body


def test_illegal_transitions_are_conflicts(personas, application):
    services.application_reject(actor=personas.company_owner, application=application, reason="Not this time.")
    with pytest.raises(Conflict) as exc:
        services.application_shortlist(actor=personas.company_owner, application=application)
    assert codes(exc) == "illegal_transition"
    with pytest.raises(Conflict):
        hiring.application_offer(actor=personas.company_owner, application=application)
    with pytest.raises(Conflict):
        services.application_withdraw(actor=personas.talent, application=application)
    with pytest.raises(Conflict):
        hiring.application_accept(actor=personas.talent, application=application)
    with pytest.raises(Conflict):
        services.application_decline(actor=personas.talent, application=application)


def test_the_transition_table_has_no_way_out_of_final_states():
    for final in (S.HIRED, S.REJECTED, S.WITHDRAWN, S.EXPIRED, S.DECLINED):
        assert ALLOWED_TRANSITIONS[final] == ()
    assert set(ALLOWED_TRANSITIONS) == set(S.values)


def test_scores_must_match_the_rubric(personas, application):
    with pytest.raises(ValidationFailed) as exc:
        services.application_score(
            actor=personas.company_owner, application=application, scores=[{"criterion": "Charm", "score": 3}]
        )
    assert codes(exc) == "unknown_criterion"
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationFailed) as exc:
            services.application_score(
                actor=personas.company_owner,
                application=application,
                scores=[{"criterion": "Writing", "score": bad}],
            )
        assert codes(exc) == "invalid_score"


def test_scoring_twice_replaces_the_score(personas, application):
    services.application_score(
        actor=personas.company_owner, application=application, scores=[{"criterion": "Writing", "score": 2}]
    )
    services.application_score(
        actor=personas.company_member,
        application=application,
        scores=[{"criterion": "Writing", "score": 4}, {"criterion": "Research method", "score": 5}],
    )
    scores = dict(RubricScore.objects.filter(application=application).values_list("criterion", "score"))
    assert scores == {"Writing": 4, "Research method": 5}
    # The rubric total weighs each score: 5×2 + 4×1.
    listed = selectors.application_list_for_project(
        user=personas.company_owner, project_id=application.project_id, sort="-rubric_total"
    )
    assert listed[0].rubric_total == 14


def test_a_withdrawn_application_cannot_be_scored(personas, application):
    services.application_withdraw(actor=personas.talent, application=application)
    with pytest.raises(Conflict):
        services.application_score(
            actor=personas.company_owner, application=application, scores=[{"criterion": "Writing", "score": 4}]
        )


def test_an_offer_expires_after_the_configured_hours(personas, application, settings):
    settings.STINT_OFFER_EXPIRY_HOURS = 48
    before = timezone.now()
    result = hiring.application_offer(actor=personas.company_owner, application=application)
    assert result.status == S.OFFERED
    assert result.offer_expires_at is not None
    assert before + datetime.timedelta(hours=48) <= result.offer_expires_at
    assert result.offer_expires_at <= timezone.now() + datetime.timedelta(hours=48)
    assert Notification.objects.filter(user=personas.talent, event="application.offered").exists()


def test_offers_stop_when_the_openings_are_taken(personas, project):
    first, second = ApplicationFactory(project=project), ApplicationFactory(project=project)
    hiring.application_offer(actor=personas.company_owner, application=first)
    with pytest.raises(Conflict) as exc:
        hiring.application_offer(actor=personas.company_owner, application=second)
    assert codes(exc) == "no_openings_left"
    # When the first offer is declined the opening is free again.
    services.application_decline(actor=first.talent, application=first)
    assert hiring.application_offer(actor=personas.company_owner, application=second).status == S.OFFERED


def test_offers_need_an_open_project(personas, application):
    type(application.project).objects.filter(pk=application.project_id).update(status=ProjectStatus.CLOSED)
    with pytest.raises(Conflict) as exc:
        hiring.application_offer(actor=personas.company_owner, application=application)
    assert codes(exc) == "project_not_open"
