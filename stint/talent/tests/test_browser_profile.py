from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.core.testing.factories import TalentFactory
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_talent_edits_profile_adds_a_skill_and_a_blocked_period(page, login):
    data = CategoryFactory(slug="data-analysis", name="Data analysis")
    SkillFactory(slug="sql", label="SQL", category=data)
    SkillFactory(slug="statistics", label="Statistics", category=data)
    talent = TalentFactory(email="ada@example.test", name="Ada Student")
    login(talent)

    page.get_by_role("link", name="My profile").click()
    page.wait_for_url("**/talent/profile/")
    expect(page.get_by_role("heading", name="Profile 0% complete")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Edit profile").click()
    page.wait_for_url("**/talent/profile/edit/")
    assert_accessible(page)
    page.get_by_label("Headline").fill("Economics student who loves data")
    page.get_by_label("Hours a week you can work").fill("12")
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    page.locator("#id_skills-0-skill").fill("sq")
    page.get_by_role("option", name="SQL").click()  # by pointer
    expect(page.get_by_role("button", name="Remove SQL")).to_be_visible()
    page.locator("#id_skills-0-level").select_option("4")
    page.locator("#id_blocked-0-start").fill("2027-01-10")
    page.locator("#id_blocked-0-end").fill("2027-01-24")
    page.locator("#id_blocked-0-reason").fill("Exams")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url("**/talent/profile/")

    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_text("Economics student who loves data")).to_be_visible()
    expect(page.get_by_role("cell", name="SQL")).to_be_visible()
    expect(page.get_by_role("cell", name="Exams")).to_be_visible()
    assert_accessible(page)

    profile = TalentProfile.objects.get(user=talent)
    assert profile.headline == "Economics student who loves data"
    assert [(ts.skill.slug, ts.level) for ts in profile.talent_skills.all()] == [("sql", 4)]
    assert [(str(b.start), b.reason) for b in profile.blocked_periods.all()] == [("2027-01-10", "Exams")]


def test_add_another_button_adds_a_row_with_javascript(page, login):
    SkillFactory(slug="sql", label="SQL")
    talent = TalentFactory(email="bo@example.test")
    login(talent)
    page.goto("/talent/profile/edit/")
    before = page.locator("[data-formset=links] [data-formset-row]").count()
    page.get_by_role("button", name="Add another link").click()
    expect(page.locator("[data-formset=links] [data-formset-row]")).to_have_count(before + 1)
    new_field = page.locator(f"#id_links-{before}-url")
    expect(new_field).to_be_visible()
    new_field.fill("https://example.org/new")
    page.get_by_label("Hours a week you can work").fill("8")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_url("**/talent/profile/")
    assert TalentProfile.objects.get(user=talent).links == ["https://example.org/new"]
