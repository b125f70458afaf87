"""Money explained before it moves (issue 16): the approval states the amount it releases, and the
organization's money pages are linked from its dashboard and every project's manage page."""

from __future__ import annotations

import pytest

from stint.payments.tests.factories import engagement_for, funded_project, set_status

pytestmark = pytest.mark.django_db


def test_the_approval_states_the_amount_before_the_button(client, personas):
    project = funded_project(personas.organization, actor=personas.company_owner, fee_minor=48_000)
    engagement = set_status(engagement_for(project), "submitted")
    client.force_login(personas.company_owner)
    html = client.get(f"/engagements/{engagement.pk}/").content.decode()
    statement = html.index("Approving releases $480.00 to the talent")
    assert statement < html.index("Approve and pay")


def test_the_dashboard_links_new_project_own_projects_statement_and_payment_method(client, personas):
    org = personas.organization
    client.force_login(personas.company_member)
    html = client.get(f"/organizations/{org.pk}/").content.decode()
    assert f'href="/projects/new/?organization={org.pk}"' in html and "New project" in html
    assert f'href="/projects/mine/?organization={org.pk}"' in html  # the organization's own list
    assert f'href="/payments/organizations/{org.pk}/statement/"' in html
    assert f'href="/payments/organizations/{org.pk}/payment-method/"' in html


def test_the_manage_page_links_the_statement(client, personas):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    client.force_login(personas.company_owner)
    html = client.get(f"/projects/{project.pk}/manage/").content.decode()
    assert f'href="/payments/organizations/{personas.organization.pk}/statement/"' in html
