"""Application services: the talent's actions (accept, decline, withdraw) and what a rejected applicant sees."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.applications import selectors, services
from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.applications.tests.helpers import codes
from stint.core.errors import Conflict, NotFound
from stint.engagements.models import Engagement
from stint.flows import hiring
from stint.notifications.models import Notification

S = ApplicationStatus
pytestmark = pytest.mark.django_db


def test_accepting_an_offer_hires_and_creates_the_engagement(personas, application):
    hiring.application_offer(actor=personas.company_owner, application=application)
    result = hiring.application_accept(actor=personas.talent, application=application)
    assert result.status == S.HIRED and result.decided_at
    engagement = Engagement.objects.get(application=application)
    project = application.project
    assert engagement.status == "active"
    assert (engagement.fee_minor, engagement.currency, engagement.due_date) == (
        project.fee_minor,
        project.currency,
        project.due_date,
    )
    assert engagement.talent == personas.talent and engagement.project == project
    assert Notification.objects.filter(user=personas.company_owner, event="application.hired").exists()
    # Accepting again is harmless.
    hiring.application_accept(actor=personas.talent, application=result)
    assert Engagement.objects.count() == 1


def test_another_talent_cannot_accept_or_withdraw(personas, application):
    hiring.application_offer(actor=personas.company_owner, application=application)
    for action in (hiring.application_accept, services.application_decline, services.application_withdraw):
        with pytest.raises(NotFound):
            action(actor=personas.other_talent, application=application)
        with pytest.raises(NotFound):
            action(actor=personas.company_owner, application=application)


def test_an_expired_offer_cannot_be_accepted(personas, application):
    hiring.application_offer(actor=personas.company_owner, application=application)
    Application.objects.filter(pk=application.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(Conflict) as exc:
        hiring.application_accept(actor=personas.talent, application=application)
    assert codes(exc) == "offer_expired"
    assert not Engagement.objects.exists()


def test_when_the_last_opening_fills_other_offers_cannot_be_accepted(personas, project):
    first, second = ApplicationFactory(project=project), ApplicationFactory(project=project)
    # Two outstanding offers on one opening (e.g. made while the project had two openings).
    for app in (first, second):
        Application.objects.filter(pk=app.pk).update(
            status=S.OFFERED, offer_expires_at=timezone.now() + datetime.timedelta(hours=5)
        )
    hiring.application_accept(actor=first.talent, application=first)
    with pytest.raises(Conflict) as exc:
        hiring.application_accept(actor=second.talent, application=second)
    assert codes(exc) == "no_openings_left"
    second.refresh_from_db()
    assert second.status == S.OFFERED
    assert Engagement.objects.count() == 1


def test_declining_needs_an_offer(personas, application):
    with pytest.raises(Conflict):
        services.application_decline(actor=personas.talent, application=application)
    hiring.application_offer(actor=personas.company_owner, application=application)
    result = services.application_decline(actor=personas.talent, application=application)
    assert result.status == S.DECLINED
    assert Notification.objects.filter(user=personas.company_owner, event="application.declined").exists()


def test_withdrawing_tells_the_company(personas, application):
    result = services.application_withdraw(actor=personas.talent, application=application)
    assert result.status == S.WITHDRAWN
    assert Notification.objects.filter(user=personas.company_owner, event="application.withdrawn").exists()


# --- What rejected applicants see ------------------------------------------------------------------


def test_a_rejected_applicant_sees_the_rubric_and_their_scores(personas, application):
    services.application_score(
        actor=personas.company_owner, application=application, scores=[{"criterion": "Writing", "score": 3}]
    )
    mine = selectors.application_get_for_talent(talent=personas.talent, application_id=application.pk)
    assert not selectors.scores_visible(application=mine, side="talent")
    services.application_reject(actor=personas.company_owner, application=application, reason="Closer fit elsewhere.")
    mine = selectors.application_get_for_talent(talent=personas.talent, application_id=application.pk)
    assert selectors.scores_visible(application=mine, side="talent")
    assert selectors.application_scores(mine) == [{"criterion": "Writing", "score": 3}]
