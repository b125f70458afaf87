"""In the browser, on a laptop (1280 px) and a phone (390 px): "Your data" (ask for a copy, download
it), the account deletion page (a refusal explained; a wrong password; deleting signs out), and
connections and references (ask, agree, see it on the portfolio, message the supervisor), each
checked with axe and laid out no wider than the screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.credentials.services import portfolio_update
from stint.credentials.tests.conftest import approved_engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "a long and right passphrase"


def _sign_in(context: Any, user: Any, base_url: str) -> None:
    context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def _check(page: Any, path: str | None = None) -> None:
    if path is not None:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
    page.wait_for_load_state()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} lays out {widths[0]} px wide on a {widths[1]} px screen"
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_export_and_delete_pages(browser: Any, live_server: Any, personas: Any, width: str) -> None:
    talent = personas.talent
    talent.set_password(PASSWORD)
    talent.save()
    context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
    try:
        page = context.new_page()
        _sign_in(context, personas.company_owner, live_server.url)
        _check(page, "/me/privacy/delete/")
        expect(page.get_by_role("alert")).to_contain_text("only owner of an organization")

        _sign_in(context, talent, live_server.url)
        _check(page, "/me/")
        page.get_by_role("link", name="Download a copy of your data").click()
        page.get_by_role("button", name="Prepare my data").click()
        expect(page.get_by_role("table", name="Your recent exports")).to_contain_text("Ready to download")
        _check(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the zip").click()
        assert download.value.suggested_filename == "stint-data.zip"

        page.get_by_role("link", name="Delete my account…").click()
        # The click starts a navigation: wait for the new page before measuring it.
        expect(page.get_by_label("Your password")).to_be_visible()
        _check(page)
        page.get_by_label("Your password").fill("not it")
        page.get_by_label("I understand").check()
        page.get_by_role("button", name="Delete my account").click()
        expect(page.get_by_role("alert")).to_contain_text("password is not right")
        _check(page)
        page.get_by_label("Your password").fill(PASSWORD)
        page.get_by_label("I understand").check()
        page.get_by_role("button", name="Delete my account").click()
        expect(page.get_by_text("Your account is deleted")).to_be_visible()
        _check(page)
        talent.refresh_from_db()
        assert not talent.is_active
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_connections_and_references(
    browser: Any, live_server: Any, personas: Any, width: str, django_capture_on_commit_callbacks: Any
) -> None:
    engagement = approved_engagement(personas, django_capture_on_commit_callbacks)
    portfolio_update(user=personas.talent, slug="talent-portfolio", published=True)
    context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
    try:
        page = context.new_page()
        _sign_in(context, personas.talent, live_server.url)
        _check(page, f"/engagements/{engagement.pk}/")
        expect(page.get_by_text("are connected")).to_be_visible()
        _check(page, "/connections/")
        page.get_by_role("button", name="Ask to list as a reference").click()
        expect(page.get_by_text("waiting for")).to_be_visible()
        _check(page)
        page.get_by_role("link", name=f"Message {personas.company_owner.name}").click()
        page.get_by_label("Your message").fill("Thank you for the project!")
        page.get_by_role("button", name="Send message").click()
        expect(page.get_by_text("Thank you for the project!")).to_be_visible()
        _check(page)

        _sign_in(context, personas.company_owner, live_server.url)
        _check(page, f"/pool/{personas.organization.pk}/")
        expect(page.get_by_role("link", name=f"Message {personas.talent.name}")).to_be_visible()
        _check(page, "/connections/")
        page.get_by_label("What you can speak to").fill("Careful and quick.")
        page.get_by_role("button", name="Agree").click()
        expect(page.get_by_text("listed on the portfolio")).to_be_visible()
        _check(page)
        _check(page, "/portfolio/talent-portfolio/")
        expect(page.get_by_role("heading", name="References")).to_be_visible()
        expect(page.get_by_text("Careful and quick.")).to_be_visible()
    finally:
        context.close()
