"""The response rate has one owner: ``stint.applications.reliability.response_figures`` computes it,
``stint.organizations.reliability`` serves it (cached) and formats it for pages
(``reliability_rows``). Every surface that shows it (the organization's public page and API, the
project page and API, the member dashboard) must show that one figure."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from stint.applications.models import Application
from stint.applications.reliability import response_figures
from stint.applications.tests.factories import ApplicationFactory
from stint.organizations.reliability import organization_reliability, reliability_rows
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)


def answered(project, status, *, hours=None):
    app = ApplicationFactory(project=project, status=status)
    created = timezone.now() - 30 * H
    responded = None if hours is None else created + hours * H
    Application.objects.filter(pk=app.pk).update(created_at=created, first_response_at=responded)


@pytest.fixture
def project(personas):
    """Two applications answered in time, one left to expire: 2 of 3, shown as 67 %."""
    project = ProjectFactory(organization=personas.organization)
    answered(project, "rejected", hours=4)
    answered(project, "shortlisted", hours=8)
    answered(project, "expired")
    return project


def shown_response_rate(html: str) -> str:
    found = re.search(r"<dt>Response rate</dt>\s*<dd>(?:<strong>)?([^<]+)<", html)
    assert found, "no response rate on the page"
    return found.group(1).strip()


def test_every_page_and_endpoint_shows_the_owners_response_rate(project, personas, api_client_for, client):
    organization = project.organization
    owner = response_figures(organization)["response_rate"]
    assert owner == 0.667
    assert organization_reliability(organization)["response_rate"] == owner
    expected = next(row["value"] for row in reliability_rows({"response_rate": owner}))
    assert expected == "67%"

    anonymous = api_client_for(None)
    assert anonymous.get(f"organizations/{organization.pk}").json()["reliability"]["response_rate"] == owner
    assert anonymous.get(f"projects/{project.pk}").json()["reliability"]["response_rate"] == owner

    assert shown_response_rate(client.get(f"/organizations/o/{organization.slug}/").content.decode()) == expected
    assert shown_response_rate(client.get(f"/projects/{project.pk}/").content.decode()) == expected
    client.force_login(personas.company_owner)
    dashboard = client.get(f"/organizations/{organization.pk}/").content.decode()
    assert shown_response_rate(dashboard) == expected


def test_zero_hires_reads_zero_on_the_pages_not_no_data(project, client):
    rows = {row["label"]: row["value"] for row in reliability_rows(organization_reliability(project.organization))}
    assert rows["Micro-interns hired"] == "0"
    html = client.get(f"/projects/{project.pk}/").content.decode()
    assert re.search(r"<dt>Micro-interns hired</dt>\s*<dd>0</dd>", html)
