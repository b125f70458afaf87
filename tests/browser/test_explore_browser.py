"""In the browser, on a laptop (1280 px) and a phone (390 px): the explore index, a field page, an
occupation page and the talent's career path, each checked with axe (no moderate, serious or
critical violation) and laid out no wider than the screen; the nav's "Explore" link leads there."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.explore import occupation_skills
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.models import Occupation
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentSkill
from stint.talent.tests.factories import TalentProfileFactory

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


def _market(personas: Any) -> Any:
    occupation_skills.reset()
    category = CategoryFactory(slug="data-analysis", name="Data analysis")
    analysis = SkillFactory(label="Data analysis", category=category, description="Inspect, clean and model data.")
    viz = SkillFactory(
        label="Data visualisation", category=category, description="Present data as charts and dashboards."
    )
    for i, (fee, currency) in enumerate(((50_000, "USD"), (60_000, "USD"), (45_000, "EUR"))):
        project = ProjectFactory(category=category, fee_minor=fee, currency=currency, title=f"Sales dashboard {i}")
        ProjectSkillFactory(project=project, skill=viz)
        ProjectSkillFactory(project=project, skill=analysis)
    TalentSkill.objects.create(profile=TalentProfileFactory(user=personas.talent), skill=analysis, level=3)
    return Occupation.objects.create(
        slug="data-analyst",
        label="data analyst",
        esco_uri="http://data.europa.eu/esco/occupation/test-data-analyst",
        description="Data analysts inspect, clean and model data and present it in charts and dashboards.",
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_explore_pages(browser, live_server, personas, width):
    occupation = _market(personas)
    context = browser.new_context(base_url=live_server.url, viewport=WIDTHS[width])
    try:
        page = context.new_page()
        _check(page, "/explore/")
        expect(page.get_by_role("table", name="Fields, their open projects")).to_contain_text("Data analysis")
        page.get_by_label("Find an occupation (ESCO)").fill("data analyst")
        page.get_by_role("button", name="Search occupations").click()
        expect(page.get_by_role("link", name="data analyst")).to_be_visible()
        assert_accessible(page)

        _check(page, "/explore/fields/data-analysis/")
        expect(page.get_by_role("img", name="Projects published per week (last 12 weeks)")).to_be_visible()
        expect(page.get_by_role("table", name="Fee and effective hourly rate per currency")).to_contain_text("$550.00")
        expect(page.get_by_role("table", name="Fee and effective hourly rate per currency")).to_contain_text("€450.00")

        _check(page, f"/explore/occupations/{occupation.pk}/")
        expect(page.get_by_role("heading", name="Skills this occupation uses")).to_be_visible()

        _sign_in(context, personas.talent, live_server.url)
        _check(page, "/")
        if width == "phone":
            page.get_by_text("Menu", exact=True).click()  # the nav folds into a menu on a phone
        page.get_by_role("link", name="Explore", exact=True).click()
        expect(page.get_by_role("heading", name="Explore fields and careers")).to_be_visible()
        _check(page, f"/explore/path/?occupation={occupation.pk}")
        table = page.get_by_role("table", name="The occupation's skills and where you stand")
        expect(table).to_contain_text("Declared on your profile")
        expect(table).to_contain_text("Missing")
        expect(page.get_by_role("link", name="Sales dashboard 0")).to_be_visible()
    finally:
        context.close()
