"""Application services: everyone hears back (expiry, closing a project, a freed opening)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.applications import services
from stint.applications.choices import OFFER_EXPIRED_REASON, ApplicationStatus
from stint.applications.reliability import response_figures
from stint.applications.tests.factories import ApplicationFactory
from stint.applications.tests.helpers import codes, submit
from stint.core.errors import Conflict
from stint.core.scheduler import REGISTRY
from stint.engagements.models import Engagement
from stint.flows import hiring
from stint.notifications.models import Notification

S = ApplicationStatus
pytestmark = pytest.mark.django_db


def test_undecided_applications_expire_after_the_response_deadline(personas, project):
    submitted = ApplicationFactory(project=project)
    shortlisted = ApplicationFactory(project=project, status=S.SHORTLISTED)
    rejected = ApplicationFactory(project=project, status=S.REJECTED, first_response_at=timezone.now())
    assert services.applications_expire_unanswered() == {"expired": 0, "offers_declined": 0}

    later = project.response_deadline + datetime.timedelta(minutes=1)
    assert services.applications_expire_unanswered(now=later) == {"expired": 2, "offers_declined": 0}
    for app in (submitted, shortlisted):
        app.refresh_from_db()
        assert app.status == S.EXPIRED and app.decided_at == later
        note = Notification.objects.get(user=app.talent, event="application.expired")
        assert "did not answer" in note.body and "response rate" in note.body
    rejected.refresh_from_db()
    assert rejected.status == S.REJECTED
    # Idempotent: a second run changes and sends nothing.
    assert services.applications_expire_unanswered(now=later) == {"expired": 0, "offers_declined": 0}
    assert Notification.objects.filter(event="application.expired").count() == 2
    # The one owner of the response rate (the reliability card, the API and this test read it).
    figures = response_figures(project.organization)
    assert figures["responses_counted"] == 3 and figures["response_rate"] == 0.333  # 1 answer, 2 expired


def test_offers_past_their_expiry_are_declined(personas, application):
    hiring.application_offer(actor=personas.company_owner, application=application)
    application.refresh_from_db()
    later = application.offer_expires_at + datetime.timedelta(seconds=1)
    assert services.applications_expire_unanswered(now=later)["offers_declined"] == 1
    application.refresh_from_db()
    assert application.status == S.DECLINED and application.closing_reason == OFFER_EXPIRED_REASON
    assert Notification.objects.filter(user=personas.talent, event="application.offer_expired").exists()
    assert Notification.objects.filter(user=personas.company_owner, event="application.offer_expired").exists()
    assert services.applications_expire_unanswered(now=later)["offers_declined"] == 0


def test_the_periodic_task_is_registered_and_runs(personas, project):
    from stint.applications import tasks

    assert REGISTRY["applications.expire_unanswered"].every_seconds == 300
    app = ApplicationFactory(project=project)
    type(project).objects.filter(pk=project.pk).update(
        application_deadline=timezone.now() - datetime.timedelta(days=2),
        response_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    tasks.expire_unanswered_applications.enqueue()
    app.refresh_from_db()
    assert app.status == S.EXPIRED


def test_closing_a_project_closes_its_open_applications(personas, project):
    submitted = ApplicationFactory(project=project)
    offered = ApplicationFactory(project=project, status=S.OFFERED)
    hired = ApplicationFactory(project=project, status=S.HIRED)
    closed = services.applications_close_for_project(project=project, actor=personas.company_owner, reason="Budget cut")
    assert closed == 2
    for app, status in ((submitted, S.EXPIRED), (offered, S.DECLINED), (hired, S.HIRED)):
        app.refresh_from_db()
        assert app.status == status
    assert Notification.objects.filter(event="application.project_closed").count() == 2
    assert "Budget cut" in Notification.objects.filter(user=submitted.talent).get().body


def test_a_talent_dropping_out_frees_the_opening_for_the_next_applicant(personas, project):
    first = submit(personas.talent, project)
    second = submit(personas.other_talent, project, n=1)
    hiring.application_offer(actor=personas.company_owner, application=first)
    hiring.application_accept(actor=personas.talent, application=first)
    with pytest.raises(Conflict) as exc:
        hiring.application_offer(actor=personas.company_owner, application=second)
    assert codes(exc) == "no_openings_left"

    Engagement.objects.filter(application=first).update(status="cancelled", cancelled_by="company")
    with pytest.raises(Conflict):  # a company cancellation does not give the opening back
        hiring.application_offer(actor=personas.company_owner, application=second)

    Engagement.objects.filter(application=first).update(cancelled_by="talent")
    offered = hiring.application_offer(actor=personas.company_owner, application=second)
    assert offered.status == S.OFFERED
    hired = hiring.application_accept(actor=personas.other_talent, application=second)
    assert hired.status == S.HIRED
