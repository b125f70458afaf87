from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_page_updates_results_as_the_query_and_filters_change(catalogue, page):
    page.goto("/search/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a project")
    expect(page.locator("#result-count")).to_have_text("4 projects found")
    assert_accessible(page)

    page.get_by_role("searchbox", name="Search projects").press_sequentially("python", delay=20)
    expect(page.locator("#result-count")).to_have_text("2 projects found")
    expect(page).to_have_url(re.compile(r"q=python"))
    results = page.locator("#search-results")
    expect(results).to_contain_text("Sales dashboard in Python")
    expect(results).not_to_contain_text("Logo and brand refresh")

    page.get_by_label("Verified organizations only").check()
    expect(page.locator("#result-count")).to_have_text("1 project found")
    expect(page).to_have_url(re.compile(r"verified_only=on"))
    expect(results).to_contain_text("Customer churn analysis")
    # The facets were refreshed with the results.
    expect(page.locator("#id_category")).to_contain_text("Data analysis (1)")
    assert_accessible(page)

    # The URL is shareable: loading it again shows the same state without htmx.
    url = page.url
    page.goto(url)
    expect(page.locator("#result-count")).to_have_text("1 project found")
    expect(page.get_by_label("Verified organizations only")).to_be_checked()
    expect(page.get_by_role("searchbox", name="Search projects")).to_have_value("python")


def test_search_page_works_without_javascript(catalogue, browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/search/")
    page.get_by_role("searchbox", name="Search projects").fill("logo")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#result-count")).to_have_text("1 project found")
    expect(page).to_have_url(re.compile(r"q=logo"))
    context.close()
