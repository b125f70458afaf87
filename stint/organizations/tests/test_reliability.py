from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.factories import CompanyUserFactory, TalentFactory
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import submit
from stint.flows import settlement
from stint.organizations import reliability
from stint.organizations.reliability import organization_reliability, organization_reliability_invalidate
from stint.organizations.tests.factories import OrganizationFactory
from stint.payments.tests.factories import engagement_for, funded_project
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)


def application(project, status, *, created, responded=None):
    app = ApplicationFactory(project=project, status=status)
    Application.objects.filter(pk=app.pk).update(created_at=created, first_response_at=responded)
    return app


def test_no_applications_means_no_data_yet():
    figures = organization_reliability(OrganizationFactory())
    assert figures["has_data"] is False
    for name in reliability.FIGURES:
        assert figures[name] is None


def test_figures_from_application_rows():
    org = OrganizationFactory()
    t0 = timezone.now() - datetime.timedelta(days=20)
    project = ProjectFactory(organization=org)
    project.application_deadline = t0 + 48 * H
    project.response_deadline = t0 + 72 * H
    project.save(update_fields=["application_deadline", "response_deadline"])

    application(project, "shortlisted", created=t0, responded=t0 + 10 * H)  # on time, 10 h
    application(project, "rejected", created=t0, responded=t0 + 30 * H)  # on time, 30 h
    application(project, "hired", created=t0, responded=t0 + 2 * H)  # on time, 2 h
    application(project, "expired", created=t0)  # never answered
    application(project, "rejected", created=t0, responded=t0 + 80 * H)  # answered after the deadline, 80 h
    application(project, "submitted", created=t0 + 60 * H)  # still waiting: not counted
    application(project, "withdrawn", created=t0)  # withdrawn before an answer: not counted

    other = ProjectFactory(organization=OrganizationFactory())
    application(other, "expired", created=t0)  # another organization's: not counted

    figures = organization_reliability(org)
    assert figures["has_data"] is True
    assert figures["responses_counted"] == 5
    assert figures["response_rate"] == 0.6
    assert figures["median_response_hours"] == 20.0  # median of 2, 10, 30, 80
    assert figures["completion_rate"] is None and figures["median_days_to_pay"] is None  # no engagements
    assert figures["hires_from_stint"] == 1


def test_figures_are_cached_until_invalidated():
    org = OrganizationFactory()
    t0 = timezone.now() - datetime.timedelta(days=20)
    project = ProjectFactory(organization=org)
    application(project, "expired", created=t0)
    assert organization_reliability(org)["response_rate"] == 0.0
    application(project, "rejected", created=t0, responded=t0 + H)
    assert organization_reliability(org)["response_rate"] == 0.0  # cached
    organization_reliability_invalidate(org)
    assert organization_reliability(org)["response_rate"] == 0.5


def test_api_and_public_page_show_the_figures(api_client_for, client):
    org = OrganizationFactory()
    t0 = timezone.now() - datetime.timedelta(days=20)
    project = ProjectFactory(organization=org)
    application(project, "rejected", created=t0, responded=t0 + 5 * H)
    body = api_client_for(None).get(f"organizations/{org.pk}").json()
    assert body["reliability"]["response_rate"] == 1.0
    assert body["reliability"]["median_response_hours"] == 5.0
    html = client.get(f"/organizations/o/{org.slug}/").content.decode()
    assert "100%" in html and "5 hours" in html
    assert "No data yet" in html  # the engagement figures: nobody was hired yet


# --- Engagement figures and hires ------------------------------------------------------------------
D = datetime.timedelta(days=1)


def engagement(project, status, *, talent=None, submitted=None, paid=None):
    """A hired application and its engagement in ``status`` (rows as the services leave them)."""

    eng = engagement_for(project, talent=talent, status=status)
    Engagement.objects.filter(pk=eng.pk).update(submitted_at=submitted, paid_at=paid)
    return eng


@pytest.fixture
def worked_org():
    """Three paid engagements (paid 1, 2 and 6 days after the submission), one cancelled, one
    active; four different talent hired (one of them twice)."""
    org = OrganizationFactory()
    t0 = timezone.now() - datetime.timedelta(days=30)
    project = ProjectFactory(organization=org, openings=5)
    second = ProjectFactory(organization=org)
    repeat = TalentFactory()
    engagement(project, "paid", talent=repeat, submitted=t0, paid=t0 + 1 * D)
    engagement(project, "paid", submitted=t0, paid=t0 + 2 * D)
    engagement(second, "paid", talent=repeat, submitted=t0, paid=t0 + 6 * D)
    engagement(project, "cancelled")
    engagement(project, "active")
    ApplicationFactory(project=project, status="rejected")  # not a hire
    other = ProjectFactory(organization=OrganizationFactory())
    engagement(other, "cancelled")  # another organization's
    return org


def test_completion_and_pay_figures_come_from_engagements(worked_org):
    figures = organization_reliability(worked_org)
    assert figures["has_data"] is True
    assert figures["completion_rate"] == 0.75  # 3 paid of 4 ended (the active one has not ended)
    assert figures["median_days_to_pay"] == 2.0
    assert figures["hires_from_stint"] == 4  # distinct talent: the repeat hire counts once


def test_an_organization_whose_applicants_were_never_hired_shows_zero_hires():
    org = OrganizationFactory()
    ApplicationFactory(project=ProjectFactory(organization=org), status="rejected")
    figures = organization_reliability(org)
    assert figures["hires_from_stint"] == 0
    assert figures["completion_rate"] is None


def test_engagement_figures_are_cached_and_refreshed_by_an_approval(personas, django_capture_on_commit_callbacks):
    org = personas.organization
    project = funded_project(org, actor=personas.company_owner, status="open")
    eng = engagement_for(project, talent=personas.talent)
    assert organization_reliability(org)["completion_rate"] is None
    submit(eng, personas.talent)
    with django_capture_on_commit_callbacks(execute=True):
        settlement.engagement_approve(actor=personas.company_owner, engagement=eng)
    figures = organization_reliability(org)
    assert figures["completion_rate"] == 1.0
    assert figures["median_days_to_pay"] == 0.0
    assert figures["hires_from_stint"] == 1


def test_engagement_figures_stay_cached_without_an_event(worked_org):
    assert organization_reliability(worked_org)["completion_rate"] == 0.75
    Engagement.objects.filter(project__organization=worked_org, status="active").update(status="paid")
    assert organization_reliability(worked_org)["completion_rate"] == 0.75  # cached
    organization_reliability_invalidate(worked_org)
    assert organization_reliability(worked_org)["completion_rate"] == 0.8


def test_public_page_and_api_show_engagement_figures(worked_org, api_client_for, client):
    body = api_client_for(None).get(f"organizations/{worked_org.pk}").json()["reliability"]
    assert body["completion_rate"] == 0.75
    assert body["median_days_to_pay"] == 2.0
    assert body["hires_from_stint"] == 4
    html = client.get(f"/organizations/o/{worked_org.slug}/").content.decode()
    assert "75%" in html
    assert "2 days" in html
    assert "<strong>4</strong>" in html
    assert "Micro-interns hired" in html


def test_the_member_dashboard_shows_them_too(worked_org, client):
    from stint.organizations.models import Membership

    member = CompanyUserFactory()
    Membership.objects.create(organization=worked_org, user=member, role="member")
    client.force_login(member)
    html = client.get(f"/organizations/{worked_org.pk}/").content.decode()
    assert "75%" in html and "2 days" in html
