"""Texts and controls people saw wrong in the first-impression walk (issue 16, "smaller things").

Each test reads a page or a message as its recipient would and pins the corrected wording or
control; they sit outside the apps because most of them cross several apps' pages.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from stint.applications.tests.factories import ApplicationFactory
from stint.engagements import services as engagement_services
from stint.flows import settlement
from stint.notifications.models import Notification
from stint.notifications.tasks import send_notification_email
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership
from stint.organizations.tests.factories import OrganizationFactory
from stint.payments.services import payout_request
from stint.payments.tests.factories import engagement_for, funded_project, set_status
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import CategoryFactory
from stint.talent.selectors import talent_profile_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas: Any) -> Any:
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    ProjectSkillFactory(project=project)
    return project


def _paid(personas: Any, project: Any) -> Any:
    """``personas.talent`` hired on ``project``, submitted and approved: paid, fee in their balance."""
    engagement = set_status(engagement_for(project, talent=personas.talent), "submitted")
    return settlement.engagement_approve(actor=personas.company_owner, engagement=engagement)


def _html(client: Any, user: Any, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_home_and_emails_greet_by_the_whole_name_not_a_title(client, personas):
    advisor = personas.advisor
    advisor.name = "Dr. Priya Nair"
    advisor.save(update_fields=["name"])
    html = _html(client, advisor, "/")
    assert "Welcome, Dr. Priya Nair" in html
    assert not re.search(r"Welcome, Dr\.\s*<", html)

    notification = Notification.objects.create(user=advisor, event="message.received", title="Hi", body="Hello")
    assert send_notification_email.call(str(notification.pk)) == "sent"
    assert mail.outbox[-1].body.startswith("Hello Dr. Priya Nair,")


def test_an_advisor_without_organizations_reads_an_advisor_account(client, personas):
    html = _html(client, personas.advisor, "/organizations/")
    assert "Your account is an advisor account" in html
    assert "a advisor" not in html


def test_the_profile_shows_interest_names_not_slugs(client, personas):
    CategoryFactory(slug="data-analysis", name="Data analysis")
    profile = talent_profile_for_user(personas.talent)
    profile.interests = ["data-analysis", "renewable energy"]
    profile.save(update_fields=["interests"])
    html = _html(client, personas.talent, "/talent/profile/")
    assert "<dd>Data analysis, renewable energy</dd>" in html
    assert "data-analysis" not in html


def test_the_balance_history_does_not_say_payout_requested_twice(client, personas, project):
    engagement = _paid(personas, project)
    payout_request(user=personas.talent, amount_minor=1_000, currency=engagement.currency, idempotency_key="k-1")
    html = _html(client, personas.talent, "/payments/earnings/")
    assert "Payout requested" in html
    assert "Payout requested: Payout requested" not in html


def test_the_project_page_and_the_dashboard_use_one_label_for_hires(client, personas, project):
    project_html = _html(client, personas.talent, f"/projects/{project.pk}/")
    dashboard_html = _html(client, personas.company_owner, f"/organizations/{project.organization.pk}/")
    for html in (project_html, dashboard_html):
        assert "Micro-interns hired" in html
        assert "later hired" not in html


@pytest.mark.parametrize(
    ("status", "can_plan"),
    [
        ("active", True),
        ("changes_requested", True),
        ("submitted", True),
        ("approved", False),
        ("paid", False),
        ("cancelled", False),
        ("disputed", False),
    ],
)
def test_add_milestone_is_offered_only_while_the_engagement_takes_milestones(
    client, personas, project, status, can_plan
):
    engagement = set_status(engagement_for(project, talent=personas.talent), status)
    for user in (personas.talent, personas.company_owner):
        html = _html(client, user, f"/engagements/{engagement.pk}/")
        assert ("Add milestone" in html) is can_plan, (status, user)


def test_a_paid_engagement_has_no_add_milestone(client, personas, project):
    engagement = _paid(personas, project)
    assert engagement.status == "paid"
    assert "Add milestone" not in _html(client, personas.talent, f"/engagements/{engagement.pk}/")


def test_a_hired_talent_sees_their_engagement_not_apply(client, personas, project):
    engagement = engagement_for(project, talent=personas.talent)
    html = _html(client, personas.talent, f"/projects/{project.pk}/")
    assert "Apply to this project" not in html
    assert "You were hired for this project." in html
    assert f'href="/engagements/{engagement.pk}/"' in html
    assert f'href="/applications/{engagement.application_id}/"' in html


def test_an_applicant_sees_the_status_of_their_application_not_apply(client, personas, project):
    application = ApplicationFactory(project=project, talent=personas.talent, status="shortlisted")
    html = _html(client, personas.talent, f"/projects/{project.pk}/")
    assert "Apply to this project" not in html
    assert "Shortlisted" in html
    assert f'href="/applications/{application.pk}/"' in html


def test_apply_is_offered_to_talent_who_have_not_applied_and_to_visitors_only(client, personas, project):
    assert "Apply to this project" in _html(client, personas.other_talent, f"/projects/{project.pk}/")
    client.logout()
    assert "Apply to this project" in client.get(f"/projects/{project.pk}/").content.decode()
    assert "Apply to this project" not in _html(client, personas.advisor, f"/projects/{project.pk}/")


def test_the_organization_dashboard_offers_new_project_and_its_own_project_list(client, personas, project):
    organization = personas.organization
    other = OrganizationFactory(name="Side Venture")
    Membership.objects.create(user=personas.company_owner, organization=other, role=MemberRole.OWNER)
    elsewhere = ProjectFactory(organization=other, title="Side venture logo", status="draft", published_at=None)

    html = _html(client, personas.company_owner, f"/organizations/{organization.pk}/")
    assert f'href="/projects/new/?organization={organization.pk}"' in html
    assert f'href="/projects/mine/?organization={organization.pk}"' in html
    assert f'href="/projects/?organization={organization.pk}"' not in html

    own = _html(client, personas.company_owner, f"/projects/mine/?organization={organization.pk}")
    assert f"Projects of {organization.name}" in own
    assert project.title in own and elsewhere.title not in own
    assert f'href="/projects/{project.pk}/manage/"' in own
    everything = _html(client, personas.company_owner, "/projects/mine/")
    assert project.title in everything and elsewhere.title in everything


def test_an_organization_id_of_someone_else_does_not_narrow_my_projects(client, personas, project):
    foreign = personas.other_organization
    html = _html(client, personas.company_owner, f"/projects/mine/?organization={foreign.pk}")
    assert foreign.name not in html
    assert project.title in html
    assert _html(client, personas.company_owner, "/projects/mine/?organization=not-a-uuid")


def test_a_review_notification_tells_the_second_reviewer_it_is_visible_now(personas, project):
    engagement = _paid(personas, project)
    engagement_services.review_create(author=personas.company_owner, engagement=engagement, rating=5)
    to_talent = Notification.objects.get(user=personas.talent, event="review.received")
    assert "visible when you have reviewed too" in to_talent.body

    engagement_services.review_create(author=personas.talent, engagement=engagement, rating=4)
    to_owner = Notification.objects.get(user=personas.company_owner, event="review.received")
    assert "when you have reviewed too" not in to_owner.body
    assert "you can read it now" in to_owner.body
