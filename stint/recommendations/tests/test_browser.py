"""In the browser: the talent's recommendations page, with axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.recommendations.tests import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recommendations_page_explains_each_match(page: Any, login: Any, personas: Any) -> None:
    python = h.skill("python", "Python")
    sql = h.skill("sql", "SQL")
    h.talent_profile(personas.talent, {python: 4, sql: 3}, target_roles=["Data analyst"], weekly_hours=12)
    h.project([(python, True, 3), (sql, True, 3)], title="Analyse energy consumption data", fee_minor=52_000)
    h.project([(python, True, 3)], title="Automate a weekly sales report")

    login(personas.talent)
    page.goto("/recommendations/")
    expect(page.get_by_role("heading", name="Recommended projects", level=1)).to_be_visible()
    first = page.get_by_role("listitem").filter(has_text="Analyse energy consumption data").first
    expect(first.get_by_text("You have 2 of its 2 skills")).to_be_visible()
    expect(first.get_by_text("Pays 26 USD per hour")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Analyse energy consumption data").click()
    page.wait_for_url("**/projects/*/")
    assert "Analyse energy consumption data" in page.content()


def test_empty_recommendations_page_is_accessible(page: Any, login: Any, personas: Any) -> None:
    login(personas.talent)
    page.goto("/recommendations/")
    expect(page.get_by_text("No recommendations yet")).to_be_visible()
    assert_accessible(page)
