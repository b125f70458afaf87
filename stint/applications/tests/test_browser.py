"""In the browser: a talent applies, the company owner shortlists and offers, the talent accepts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stint.applications.models import Application
from stint.applications.tests.factories import letter
from stint.core.testing.browser import assert_accessible
from stint.engagements.models import Engagement
from stint.projects.tests.factories import ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_apply_shortlist_offer_accept(page, login, personas):
    project = ProjectFactory(organization=personas.organization, title="Survey of student budgeting apps")
    page.on("dialog", lambda dialog: dialog.accept())

    login(personas.talent)
    page.goto(f"/applications/apply/{project.pk}/")
    assert_accessible(page)
    counter = page.locator("#cover-letter-count")
    page.get_by_label("Cover letter").fill("Too short")
    expect(counter).to_contain_text("more needed")
    page.get_by_label("Cover letter").fill(letter("browser"))
    expect(counter).to_contain_text("minimum reached")
    page.get_by_label(project.questions[0]).fill("I would start with desk research, then five interviews.")
    page.get_by_label("Links (optional, one per line)").fill("https://example.org/portfolio")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url("**/applications/*/")
    expect(page.get_by_role("heading", name="Your application to Survey of student budgeting apps")).to_be_visible()
    assert_accessible(page)
    application = Application.objects.get(project=project, talent=personas.talent)
    logout(page)

    login(personas.company_owner)
    page.goto(f"/applications/project/{project.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Shortlist Talent").click()
    page.wait_for_load_state()
    expect(page.get_by_text("is on the shortlist")).to_be_visible()
    page.get_by_role("button", name="Offer to Talent").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Offer sent to Talent")).to_be_visible()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == "offered"
    logout(page)

    login(personas.talent)
    page.goto("/applications/")
    assert_accessible(page)
    page.get_by_role("button", name="Accept offer for Survey of student budgeting apps").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status").get_by_text("You are hired")).to_be_visible()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == "hired"
    assert Engagement.objects.filter(application=application, status="active").exists()
