"""In the browser, at 1280 and 390 px: the advisor's cohort dashboard with its charts, the talent's
network page, and the company's talent pool, each checked with axe and for horizontal overflow."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from stint.advisors.testing import cohort_for
from stint.core.testing.browser import assert_accessible
from stint.engagements.models import Review
from stint.payments.tests.factories import engagement_for
from stint.projects.tests.factories import ProjectFactory
from stint.talentpool.models import PoolNote, PoolTag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(1280, 900), (390, 844)]
make_project: Any = ProjectFactory


def _fits(page: Any) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_the_advisor_dashboard_and_the_talents_network_page(page: Any, login: Any, personas: Any) -> None:
    cohort = cohort_for(personas.advisor, personas.talent, personas.other_talent)
    engagement_for(make_project(organization=personas.organization), talent=personas.talent, status="paid")
    login(personas.advisor)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/advisors/cohorts/{cohort.pk}/")
        expect(page.get_by_role("heading", name=cohort.name, level=1)).to_be_visible()
        expect(page.get_by_role("img", name="Cohort outcomes")).to_be_visible()
        expect(page.get_by_role("img", name="Hours logged per student")).to_be_visible()
        table = page.get_by_role("region", name="Figures per student").get_by_role("table")
        assert table.get_by_role("row").count() == 3
        expect(table).to_contain_text(personas.organization.name)
        expect(page.get_by_role("link", name="Download the dashboard as CSV")).to_be_visible()
        assert_accessible(page)
        _fits(page)
    page.context.clear_cookies()
    login(personas.talent)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/advisors/me/")
        expect(page.get_by_role("heading", name="Your cohorts, and exactly what each advisor sees")).to_be_visible()
        expect(page.get_by_role("button", name=f"Leave {cohort.name}")).to_be_visible()
        assert_accessible(page)
        _fits(page)


def test_the_talent_pool_page(page: Any, login: Any, personas: Any) -> None:
    engagement = engagement_for(make_project(organization=personas.organization), talent=personas.talent, status="paid")
    Review.objects.create(
        engagement=engagement,
        author=personas.company_owner,
        subject=personas.talent,
        organization=personas.organization,
        side="company",
        rating=4,
        comment="Thorough work.",
    )
    PoolNote.objects.create(organization=personas.organization, talent=personas.talent, body="Ask about SQL next time")
    PoolTag.objects.create(organization=personas.organization, talent=personas.talent, name="research")
    make_project(organization=personas.organization, title="Next research sprint")
    login(personas.company_owner)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/pool/{personas.organization.pk}/")
        expect(page.get_by_role("heading", name=f"Talent pool of {personas.organization.name}")).to_be_visible()
        expect(page.get_by_text("Ask about SQL next time")).to_be_visible()
        expect(page.get_by_text("Thorough work.")).to_be_visible()
        assert_accessible(page)
        _fits(page)
    page.get_by_text("Note, tag, invite or record a hire").click()
    page.get_by_label("Invite to apply to").select_option(label="Next research sprint")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("is invited to apply")).to_be_visible()
    assert_accessible(page)
