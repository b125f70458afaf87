"""In the browser, at 1280 and 390 px, with axe: the coach on the apply form (htmx and without
JavaScript) and the feedback on the application page after a rejection."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application, RubricScore
from stint.applications.tests.factories import ApplicationFactory
from stint.coach.tests import helpers as ch
from stint.coach.tests import letters as L
from stint.core.testing.browser import assert_accessible
from stint.core.testing.factories import DEFAULT_PASSWORD
from stint.recommendations.tests import helpers as h

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [(1280, 900), (390, 844)]


def _fits(page: Any) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_check_my_application_with_htmx(page: Any, login: Any, personas: Any) -> None:
    h.talent_profile(personas.talent, {}, weekly_hours=12)
    project = ch.survey_project()
    login(personas.talent)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/applications/apply/{project.pk}/")
        page.get_by_label("Cover letter").fill(L.NO_SKILL)
        page.get_by_role("button", name="Check my application").click()
        advice = page.locator("#coach-advice")
        expect(advice.get_by_role("heading", name="Advice on your application")).to_be_visible()
        expect(advice.locator('[data-code="question_unanswered"]')).to_contain_text("Must fix")
        expect(advice.locator('[data-code="skill_not_addressed"]')).to_contain_text("Python")
        assert page.url.endswith(f"/applications/apply/{project.pk}/")  # swapped in place
        expect(page.get_by_label("Cover letter")).to_have_value(L.NO_SKILL)
        assert_accessible(page)
        _fits(page)
    page.get_by_label(L.QUESTION).fill(L.GOOD_ANSWER)
    page.get_by_label("Cover letter").fill(L.GOOD)
    page.get_by_role("button", name="Check my application").click()
    expect(page.locator("#coach-advice")).to_contain_text("Every check passed")
    assert not Application.objects.filter(project=project).exists()
    page.get_by_role("button", name="Send application").click()
    page.wait_for_url("**/applications/*/")
    assert Application.objects.filter(project=project, talent=personas.talent).count() == 1


def test_check_without_javascript(browser: Any, live_server: Any, personas: Any) -> None:
    h.talent_profile(personas.talent, {}, weekly_hours=12)
    project = ch.survey_project()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill(personas.talent.email)
        page.get_by_label("Password:", exact=True).fill(DEFAULT_PASSWORD)
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            page.goto(f"/applications/apply/{project.pk}/")
            page.get_by_label("Cover letter").fill(L.NO_SKILL)
            page.get_by_label(L.QUESTION).fill("Forms.")
            page.get_by_role("button", name="Check my application").click()
            page.wait_for_url(f"**/coach/check/{project.pk}/")
            expect(page.get_by_role("heading", name="Advice on your application")).to_be_visible()
            expect(page.locator('[data-code="answer_too_short"]')).to_be_visible()
            expect(page.get_by_label("Cover letter")).to_have_value(L.NO_SKILL)
            expect(page.get_by_label(L.QUESTION)).to_have_value("Forms.")
            _fits(page)
        page.get_by_label(L.QUESTION).fill(L.GOOD_ANSWER)
        page.get_by_role("button", name="Send application").click()
        page.wait_for_url("**/applications/*/")
        assert Application.objects.filter(project=project, talent=personas.talent).count() == 1
    finally:
        context.close()


def test_feedback_after_a_rejection(page: Any, login: Any, personas: Any) -> None:
    project = ch.survey_project(organization=personas.organization)
    application: Any = ApplicationFactory(
        project=project, talent=personas.talent, status=ApplicationStatus.REJECTED, rejection_reason="Too late."
    )
    RubricScore.objects.create(application=application, criterion="Research method", score=2)
    RubricScore.objects.create(application=application, criterion="Clear writing", score=5)
    login(personas.talent)
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"/applications/{application.pk}/")
        section = page.get_by_role("region", name="Feedback from the company")
        expect(section).to_contain_text("Too late.")
        expect(section.get_by_role("region", name="Your rubric scores")).to_contain_text("Research method")
        expect(section).to_contain_text("“Research method” scored 2 of 5")
        assert_accessible(page)
        _fits(page)
