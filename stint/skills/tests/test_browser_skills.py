"""The autocomplete widget and the skills pages in a real browser, with axe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDGET = """
<form id="picker-form" method="get" action="/skills/search">
  <label for="skill-q">Skills</label>
  <input id="skill-q" type="text" hidden data-skill-autocomplete data-skill-name="skills"
         data-skill-value="slug" data-skill-fallback="#skills-fallback">
  <label for="skills-fallback">Skills (list)</label>
  <select id="skills-fallback" name="skills" multiple>
    <option value="copywriting" selected>Copywriting</option>
    <option value="python">Python</option>
  </select>
  <button type="submit">Save</button>
</form>
"""


def _mount_widget(page: Any) -> None:
    page.goto("/skills/")
    page.evaluate(
        """(html) => new Promise((resolve) => {
            document.querySelector('main').insertAdjacentHTML('afterbegin', html);
            const s = document.createElement('script');
            s.src = '/static/skills/autocomplete.js';
            s.onload = () => { window.StintSkillAutocomplete.init(document); resolve(); };
            document.head.appendChild(s);
        })""",
        WIDGET,
    )


def test_the_browse_and_search_pages_are_accessible(page: Any, catalog: Any) -> None:
    page.goto("/skills/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Skills")
    assert page.get_by_role("link", name="Spreadsheets (ESCO concept)").count() == 1
    assert_accessible(page)
    page.get_by_label("Search skills").fill("pyhton")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Python (ESCO concept)")).to_have_count(1)
    assert_accessible(page)


def test_a_keyboard_user_picks_skills_with_the_autocomplete(page: Any, catalog: Any) -> None:
    _mount_widget(page)
    combo = page.get_by_role("combobox", name="Skills")
    # The no-JS fallback is hidden and disabled; its selection became a chip and a hidden input.
    expect(page.locator("#skills-fallback")).to_be_hidden()
    expect(page.locator("#skills-fallback")).to_be_disabled()
    expect(page.get_by_role("button", name="Remove Copywriting")).to_be_visible()
    combo.focus()
    page.keyboard.type("excel")
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    expect(combo).to_have_attribute("aria-expanded", "true")
    first = listbox.get_by_role("option").first
    # Results arrive as the user types: wait for the ones for the whole word.
    expect(first).to_have_text(re.compile(r"^Spreadsheets"))
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    expect(combo).to_have_attribute("aria-activedescendant", first.get_attribute("id") or "")
    expect(first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(combo).to_have_attribute("aria-expanded", "false")
    expect(combo).to_have_value("")
    values = page.eval_on_selector_all("input[type=hidden][name=skills]", "els => els.map(e => e.value)")
    assert values == ["copywriting", "spreadsheets"]
    # A typo, then Escape closes the list without choosing.
    page.keyboard.type("javscript")
    listbox.wait_for()
    expect(listbox.get_by_role("option").first).to_have_text(re.compile(r"^JavaScript"))
    page.keyboard.press("Escape")
    expect(combo).to_have_attribute("aria-expanded", "false")
    # Removing a chip removes its hidden input.
    page.get_by_role("button", name="Remove Copywriting").click()
    expect(page.get_by_role("button", name="Remove Copywriting")).to_have_count(0)
    values = page.eval_on_selector_all("input[type=hidden][name=skills]", "els => els.map(e => e.value)")
    assert values == ["spreadsheets"]
    # Submitting sends the chosen values only (the fallback is disabled).
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"skills=spreadsheets"))
    assert "skills=copywriting" not in page.url
