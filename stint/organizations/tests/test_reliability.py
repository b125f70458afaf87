from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from stint.applications.models import Application
from stint.applications.tests.factories import ApplicationFactory
from stint.organizations import reliability
from stint.organizations.reliability import organization_reliability, organization_reliability_invalidate
from stint.organizations.tests.factories import OrganizationFactory
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


def test_missing_applications_model_means_no_data_yet():
    org = OrganizationFactory()
    with mock.patch.object(reliability.apps, "get_model", side_effect=LookupError):
        figures = reliability.organization_reliability_compute(org)
    assert figures["has_data"] is False and figures["response_rate"] is None


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
    assert figures["completion_rate"] is None and figures["median_days_to_pay"] is None
    assert figures["hires_from_stint"] is None


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
    assert "No data yet" in html  # the payment figures
