"""The skill suggestion panel in the project editor and the proposal pages, in Chromium with axe
at 1280 and 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.skills.models import Skill, SkillSource
from stint.skills.services import skill_catalog_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog(transactional_db: Any) -> Any:
    return skill_catalog_import()


def test_suggestions_from_the_brief_add_a_skill(page: Any, login: Any, personas: Any, catalog: Any) -> None:
    Skill.objects.create(
        slug="data-hygiene-e",
        label="data hygiene",
        source=SkillSource.ESCO,
        esco_uri="http://data.europa.eu/esco/skill/dh",
    )
    login(personas.company_owner)
    page.goto(f"/projects/new/?organization={personas.organization.pk}")
    page.get_by_label("Brief").fill("Clean our CRM and improve data hygiene; write blog posts in Spanish.")
    panel = page.get_by_role("region", name="Suggested skills")
    expect(panel.get_by_role("button", name="data hygiene")).to_be_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    panel.get_by_role("button", name="data hygiene").click()
    selected = page.locator('input[type="hidden"][name="required_skills"]')
    expect(selected).to_have_count(1)
    expect(selected).to_have_attribute("value", "data-hygiene-e")
    expect(page.get_by_role("button", name="Remove data hygiene")).to_be_visible()
    panel.get_by_role("button", name="Spanish").click()
    expect(page.locator('input[type="hidden"][name="required_skills"]')).to_have_count(2)


def test_the_proposal_pages_are_accessible(page: Any, login: Any, personas: Any, catalog: Any) -> None:
    login(personas.company_owner)
    page.goto(f"/organizations/{personas.organization.pk}/skills/propose/")
    page.get_by_label("Skill name").fill("HubSpot CRM administration")
    page.get_by_role("button", name="Propose skill").click()
    expect(page.get_by_role("cell", name="HubSpot CRM administration")).to_be_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
