"""The main pages of every role, including the ones ``test_pages_browser.py`` does not visit: a
plain company member (not the owner), the advisor's and the talent's network pages, the talent
pool, and the set-up steps of issue 16 (payment method, payout account) with the test provider.

At 1280 × 900 and 390 × 844, for each role: every page answers 200, lays out no wider than the
screen and passes axe with no moderate, serious or critical violation; then a mouse click in the
middle of the first result title on ``/search/`` opens that project (by pointer, not keyboard).
The world is ``test_pages_browser.build_world`` (demo-like data for every role).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from tests.browser.test_pages_browser import (
    WIDTHS,
    World,
    _assert_fits,
    _open_first_result_by_pointer,
    _sign_in,
    build_world,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ("anonymous", "talent", "company_member", "company_owner", "advisor", "staff")


def more_pages_for(role: str, w: World) -> list[str]:
    org = w.organization
    if role == "anonymous":
        return ["/search/?q=data", "/skills/", f"/projects/{w.open_project.pk}/"]
    if role == "talent":
        return ["/payments/payout-account/", "/payments/earnings/", "/advisors/me/", "/search/?q=sales"]
    if role == "company_member":
        return [
            "/organizations/",
            f"/organizations/{org.pk}/",
            f"/organizations/{org.pk}/members/",
            "/projects/mine/",
            f"/projects/{w.open_project.pk}/manage/",
            f"/projects/{w.draft_project.pk}/edit/",
            f"/payments/organizations/{org.pk}/statement/",
            f"/payments/organizations/{org.pk}/payment-method/",
            f"/payments/projects/{w.draft_project.pk}/publish/",
            "/pool/",
            "/engagements/",
            "/messages/",
            "/search/",
        ]
    if role == "company_owner":
        return [f"/payments/organizations/{org.pk}/payment-method/", "/pool/", "/search/"]
    if role == "advisor":
        return ["/advisors/", "/advisors/references/", "/notifications/", "/search/"]
    return ["/advisors/staff/institutions/", "/search/", "/projects/"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_every_role_main_pages_fit_pass_axe_and_open_a_result_by_pointer(
    role: str, width: str, browser: Any, live_server: Any, personas: Any
) -> None:
    world = build_world(personas)
    context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
    context.set_default_timeout(15_000)
    try:
        if role != "anonymous":
            _sign_in(context, getattr(personas, role), live_server.url)
        page = context.new_page()
        for url in more_pages_for(role, world):
            response = page.goto(url)
            assert response is not None and response.status == 200, (url, response and response.status)
            _assert_fits(page)
            assert_accessible(page)
        _open_first_result_by_pointer(page, "/search/", "#search-results h3 a")
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_skill_pickers_work_by_pointer_and_fit(width: str, browser: Any, live_server: Any, personas: Any) -> None:
    """The project editor's skill picker: type, click a suggestion, see the chip; at both widths."""
    world = build_world(personas)
    context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
    context.set_default_timeout(15_000)
    try:
        _sign_in(context, personas.company_owner, live_server.url)
        page = context.new_page()
        page.goto(f"/projects/{world.draft_project.pk}/edit/")
        combobox = page.get_by_role("combobox", name="Nice-to-have skills")
        expect(combobox).to_be_visible()
        skill = world.open_project.project_skills.first().skill
        combobox.fill(skill.label[:4])
        page.get_by_role("option", name=skill.label).first.click()
        expect(page.get_by_role("button", name=f"Remove {skill.label}").last).to_be_visible()
        expect(page.locator('input[type="hidden"][name="nice_skills"]')).to_have_count(1)
        _assert_fits(page)
        assert_accessible(page)
    finally:
        context.close()
