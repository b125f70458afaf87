"""Switching language with the footer's switcher, by pointer, on a laptop (1280 × 900) and a phone
(390 × 844): the same page comes back in French with ``<html lang="fr">``, axe finds no moderate,
serious or critical violation (``html-has-lang``, ``valid-lang`` and the rest), the page is no wider
than the screen, and the choice sticks on the next page (the cookie; for a signed-in person, their
account's language too). Nothing in the URL names the language."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _sign_in(context: Any, user: Any, base_url: str) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}])


def _check(page: Any) -> None:
    page.wait_for_load_state()
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} lays out {widths[0]} px wide on a {widths[1]} px screen"
    assert_accessible(page)


def _switch_to_french(page: Any) -> None:
    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Language").scroll_into_view_if_needed()
    footer.get_by_label("Language").click()  # the pointer opens the list…
    footer.get_by_label("Language").select_option("fr")  # …and picks Français
    footer.get_by_role("button", name="Change language").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_visitor_switches_to_french_and_it_sticks(browser: Any, live_server: Any, width: str) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width], locale="en-US")
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        _check(page)
        _switch_to_french(page)

        page.wait_for_url(f"{live_server.url}/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        expect(page.get_by_role("contentinfo").get_by_role("button", name="Changer de langue")).to_be_visible()
        expect(page.get_by_role("contentinfo").get_by_label("Langue")).to_have_value("fr")
        _check(page)

        # The next page, reached through the menu, is French too.
        if width == "phone":
            page.get_by_text("Menu", exact=True).click()
        page.get_by_role("navigation", name="Principale").get_by_role("link", name="Trouver des projets").click()
        page.wait_for_url(f"{live_server.url}/search/")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        _check(page)
        assert "/fr/" not in page.url
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_signed_in_talent_switches_to_french(browser: Any, live_server: Any, personas: Any, width: str) -> None:
    talent = personas.talent
    context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width], locale="en-US")
    try:
        page = context.new_page()
        _sign_in(context, talent, live_server.url)
        page.goto("/me/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
        _switch_to_french(page)

        page.wait_for_url(f"{live_server.url}/me/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Votre compte")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        _check(page)
        talent.refresh_from_db()
        assert talent.language == "fr"

        # Even without the cookie (another browser), the account's language wins.
        context.clear_cookies()
        _sign_in(context, talent, live_server.url)
        page.goto("/me/preferences/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Préférences")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        _check(page)
    finally:
        context.close()
