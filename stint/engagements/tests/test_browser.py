"""In the browser: the talent logs time and submits a file, the company requests changes, the talent
resubmits, the company approves, the talent sees the balance and both sides review. Axe passes."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.engagements.models import Engagement
from stint.engagements.tests.helpers import PDF
from stint.payments.invariants import ledger_violations
from stint.payments.tests.factories import engagement_for, funded_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


# long: one engagement through the browser, both sides taking turns; read top to bottom like the story
def test_log_submit_changes_resubmit_approve_review(page, login, personas):
    project = funded_project(
        personas.organization, actor=personas.company_owner, status="open", title="Survey of budgeting apps"
    )
    engagement = engagement_for(project, talent=personas.talent)
    url = f"/engagements/{engagement.pk}/"

    login(personas.talent)
    page.goto("/engagements/")
    assert_accessible(page)
    page.get_by_role("link", name="Survey of budgeting apps").click()
    page.wait_for_url(f"**{url}")
    assert_accessible(page)
    page.get_by_label("Date worked").fill(timezone.localdate().isoformat())
    page.get_by_label("Hours worked").fill("2.5")
    page.get_by_label("What you did").fill("Desk research")
    page.get_by_role("button", name="Log time").click()
    page.wait_for_load_state()
    expect(page.get_by_role("cell", name="2.5")).to_be_visible()
    page.get_by_label("Files (up to 10").set_input_files(
        [{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Notes for the company").fill("First draft attached.")
    page.get_by_label("How did you use AI tools?").fill("None.")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Submission 1")).to_be_visible()
    assert_accessible(page)
    logout(page)

    login(personas.company_owner)
    page.goto(url)
    expect(page.get_by_role("link", name="report.pdf")).to_be_visible()
    page.get_by_label("Changes needed").fill("Please add your sources.")
    page.get_by_role("button", name="Request changes").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Please add your sources.")).to_be_visible()
    assert_accessible(page)
    logout(page)

    login(personas.talent)
    page.goto(url)
    page.get_by_label("Links (one per line)").fill("https://example.org/sources")
    page.get_by_label("How did you use AI tools?").fill("None.")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Submission 2")).to_be_visible()
    logout(page)

    login(personas.company_owner)
    page.goto(url)
    page.get_by_role("button", name="Approve and pay").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Approved and paid").first).to_be_visible()
    page.get_by_label("Rating (1 to 5)").select_option("5")
    page.get_by_label("Comment").fill("Thorough and on time.")
    page.get_by_role("button", name="Leave review").click()
    expect(page.get_by_text("Thank you for your review.")).to_be_visible()
    assert_accessible(page)
    logout(page)

    login(personas.talent)
    page.goto(url)
    page.get_by_role("link", name="Your earnings").click()
    page.wait_for_load_state()
    expect(page.get_by_text("500").first).to_be_visible()
    page.goto(url)
    page.get_by_label("Rating (1 to 5)").select_option("4")
    page.get_by_label("Comment").fill("Clear brief.")
    page.get_by_role("button", name="Leave review").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Thorough and on time.")).to_be_visible()
    assert_accessible(page)

    engagement = Engagement.objects.get(pk=engagement.pk)
    assert engagement.status == "paid"
    assert engagement.reviews.count() == 2
    assert ledger_violations() == []


@pytest.mark.parametrize("size", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["1280", "390"])
def test_company_changes_and_removes_a_milestone_and_the_talent_hits_the_daily_cap(page, login, personas, size):
    from stint.engagements import services
    from stint.engagements.models import Milestone

    page.set_viewport_size(size)
    project = funded_project(personas.organization, actor=personas.company_owner, status="open", title="Pricing study")
    engagement = engagement_for(project, talent=personas.talent)
    milestone = services.milestone_create(
        actor=personas.talent, engagement=engagement, title="Outline", due_date=engagement.due_date
    )
    url = f"/engagements/{engagement.pk}/"

    login(personas.company_owner)
    page.goto(url)
    page.get_by_text("Change or remove “Outline”").click()
    page.get_by_label("Title", exact=True).fill("Outline and sources")
    page.get_by_role("button", name="Save “Outline”").click()
    expect(page.get_by_text("Milestone changed.")).to_be_visible()
    assert_accessible(page)
    assert Milestone.objects.get(pk=milestone.pk).title == "Outline and sources"
    page.get_by_text("Change or remove “Outline and sources”").click()
    page.get_by_role("button", name="Remove “Outline and sources”").click()
    expect(page.get_by_text("Milestone removed.")).to_be_visible()
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    page.context.clear_cookies()  # sign out at any width (the phone layout folds the menu)

    login(personas.talent)
    page.goto(url)
    expect(page.get_by_text("Change or remove")).to_have_count(0)
    page.get_by_label("Hours worked").fill("12")
    page.get_by_role("button", name="Log time").click()
    expect(page.get_by_role("cell", name="12", exact=True)).to_be_visible()  # hours in the language's number format
    page.get_by_label("Hours worked").fill("1")
    page.get_by_role("button", name="Log time").click()
    expect(page.get_by_role("alert").filter(has_text="12 h are already logged")).to_be_visible()
    assert_accessible(page)
    assert engagement.time_entries.count() == 1
