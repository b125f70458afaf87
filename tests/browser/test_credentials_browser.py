"""In the browser, on a laptop (1280 px) and a phone (390 px): the public portfolio, the verification
page (paste a credential, see it verified; a forged one is not valid), the credential page, the
talent's dashboard charts and settings, and the company's endorsement form, each checked with axe
(no moderate, serious or critical violation) and laid out no wider than the screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.credentials.models import Credential
from stint.credentials.services import endorsable_skills, endorsements_set, portfolio_update
from stint.credentials.tests.conftest import approved_engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _sign_in(context: Any, user: Any, base_url: str) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def _check(page: Any, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{path} lays out {widths[0]} px wide on a {widths[1]} px screen"
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_portfolio_verification_dashboard_and_endorsement_pages(
    browser, live_server, personas, width, django_capture_on_commit_callbacks
):
    engagement = approved_engagement(personas, django_capture_on_commit_callbacks)
    levels = {str(s.pk): 4 for s in endorsable_skills(engagement)[:3]}
    endorsements_set(
        actor=personas.company_owner,
        engagement=engagement,
        levels=levels,
        confidential=False,
        public_summary="Five budgeting apps compared on price and onboarding.",
    )
    portfolio_update(user=personas.talent, slug="sam-rivera", published=True)
    credential = Credential.objects.get(engagement=engagement)

    context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
    try:
        page = context.new_page()
        _check(page, "/portfolio/sam-rivera/")
        expect(page.get_by_role("heading", name=engagement.project.title)).to_be_visible()
        expect(page.get_by_role("table", name="Skills endorsed by organizations")).to_be_visible()

        _check(page, "/credentials/verify/")
        page.get_by_label("Credential").fill(credential.jwt)
        page.get_by_role("button", name="Verify").click()
        expect(page.get_by_role("heading", name="Verified", exact=True)).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Credential").fill(credential.jwt[:-6] + "AAAAAA")
        page.get_by_role("button", name="Verify").click()
        expect(page.get_by_role("heading", name="Not valid")).to_be_visible()

        _check(page, f"/credentials/{credential.pk}/")
        expect(page.get_by_role("heading", name="Verified", exact=True)).to_be_visible()

        _sign_in(context, personas.talent, live_server.url)
        _check(page, "/portfolio/dashboard/")
        expect(page.get_by_role("img", name="Hours worked per month")).to_be_visible()
        expect(page.get_by_role("table", name="Hours worked per month")).to_contain_text("3h")
        _check(page, "/portfolio/settings/")
        _check(page, f"/engagements/{engagement.pk}/")
        expect(page.get_by_role("heading", name="Proof of work")).to_be_visible()

        context.clear_cookies()
        _sign_in(context, personas.company_owner, live_server.url)
        _check(page, f"/credentials/engagements/{engagement.pk}/endorse/")
        page.get_by_label("Communication").select_option("5")
        page.get_by_role("button", name="Save endorsements").click()
        expect(page.get_by_role("heading", name="Proof of work")).to_contain_text("Proof of work")
        expect(page.get_by_text("Communication (5/5)")).to_be_visible()
    finally:
        context.close()
