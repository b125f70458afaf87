from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project
from stint.projects.tests.helpers import skill_and_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# long: one journey through the browser (post, publish, find, open as talent); read top to bottom
def test_company_owner_posts_a_project_and_talent_finds_it(page, login, personas, browser, live_server):
    category, skill = skill_and_category()
    owner = personas.company_owner
    login(owner)

    page.goto(f"/projects/new/?organization={personas.organization.pk}")
    assert_accessible(page)
    page.get_by_label("Title").fill("Survey analysis for a food bank")
    page.get_by_label("Summary").fill("Clean and analyse a volunteer survey of 400 responses.")
    page.get_by_label("Brief").fill("We ran a survey of **400** volunteers. Find what keeps them coming back.")
    page.get_by_label("Category").select_option(category.slug)
    page.get_by_label("Deliverables").fill("A cleaned dataset\nA two-page summary of findings")
    page.get_by_role("combobox", name="Required skills").fill("market resarch")  # a typo: still found
    page.get_by_role("option", name=skill.label).click()
    expect(page.get_by_role("button", name=f"Remove {skill.label}")).to_be_visible()
    page.get_by_label("Estimated hours").fill("20")
    page.get_by_label("Criterion 1").fill("Quality of analysis")
    page.get_by_label("Weight 1").fill("3")

    # Too low: the live check states the pay floor for these hours.
    page.get_by_label("Fee:", exact=True).fill("150.00")
    page.get_by_label("Fee:", exact=True).press("Tab")
    checks = page.locator("#project-checks")
    # Each change posts a live check; wait for the answer to the fee change, not an earlier one.
    expect(checks).to_contain_text("For 20 hours the fee must be at least $400.00")
    expect(checks).to_contain_text("Minimum fee for 20 hours: $400.00")
    expect(page.locator("#fee-pay")).to_contain_text("Minimum fee for 20 hours: $400.00")  # next to the fee
    assert_accessible(page)

    page.get_by_label("Fee:", exact=True).fill("500.00")
    page.get_by_label("Fee:", exact=True).press("Tab")
    expect(checks).to_contain_text("All checks pass")
    expect(checks).to_contain_text("Effective hourly rate: $25.00 per hour")

    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("heading", name="Survey analysis for a food bank").wait_for()
    project = Project.objects.get(title="Survey analysis for a food bank")
    assert project.status == ProjectStatus.DRAFT
    assert page.url.endswith(f"/projects/{project.pk}/manage/")
    assert_accessible(page)

    page.get_by_role("link", name="Preview").click()
    page.get_by_text("Preview: this is how talent will see the project").wait_for()
    expect(page.get_by_role("heading", name="Deliverables")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to managing it").click()

    page.get_by_role("link", name="Review the cost and publish").click()
    expect(page.get_by_test_id("quote-total")).to_have_text(
        str(project.fee * project.openings + (project.fee * project.openings).basis_points(1000))
    )
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Pay .* and publish$")).click()
    page.get_by_text("the project is open for applications.").wait_for()
    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN
    assert_accessible(page)

    # An anonymous visitor (a talent who has not signed in yet) finds it on /projects/.
    context = browser.new_context(base_url=live_server.url)
    anonymous = context.new_page()
    try:
        anonymous.goto("/projects/")
        assert_accessible(anonymous)
        anonymous.get_by_role("link", name="Survey analysis for a food bank").click()
        anonymous.get_by_role("heading", name="Survey analysis for a food bank", level=1).wait_for()
        assert "$25.00 per hour" in anonymous.content()
        assert_accessible(anonymous)
    finally:
        context.close()
