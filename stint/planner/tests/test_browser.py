"""In the browser: the planner page with its chart and table, and the overload flow (accept an
offer that overloads, see the refusal, tick the box, accept), checked with axe."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from stint.core.models import AuditEvent
from stint.core.testing.browser import assert_accessible
from stint.planner.tests import factories as f
from stint.talent.models import BlockedPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_planner_chart_and_the_override_flow(page, login, personas):
    talent = personas.talent
    profile = f.profile(talent, weekly_hours=10)
    monday = f.today() - datetime.timedelta(days=f.today().weekday()) + datetime.timedelta(days=14)
    BlockedPeriod.objects.create(profile=profile, start=monday, end=monday + datetime.timedelta(days=6), reason="Exams")
    engagement = f.engagement(talent, personas.organization, hours=20, start=0, due=13, title="Energy market scan")
    offer = f.offer(talent, personas.organization, hours=10, start=0, due=6, title="Survey of budgeting apps")
    page.on("dialog", lambda dialog: dialog.accept())

    login(talent)
    page.goto("/planner/")
    expect(page.get_by_role("heading", name="Your weekly plan", level=1)).to_be_visible()
    chart = page.get_by_role("img", name="Hours of work per week compared with your capacity")
    expect(chart).to_be_visible()
    assert page.locator("svg .bar-committed").count() >= 2
    assert page.locator("svg .bar-tentative").count() >= 1
    assert page.locator("svg .capacity-line").count() >= 8
    expect(page.get_by_text("blocked 7d")).to_be_visible()
    table = page.get_by_role("table", name="Load per week (hours)")
    assert table.get_by_role("row").count() == 9
    expect(table).to_contain_text("Exams")
    expect(page.get_by_role("link", name="Energy market scan", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Create my calendar address").click()
    expect(page.get_by_label("Your calendar address")).to_have_value(re.compile(r"\.ics"))

    page.goto(f"/applications/{offer.pk}/")
    expect(page.get_by_text("Accepting this offer would overload you.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept offer").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert").filter(has_text="would overload you")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("h of capacity")
    offer.refresh_from_db()
    assert offer.status == "offered"

    page.get_by_label("I accept this overload").check()
    page.get_by_role("button", name="Accept offer").click()
    expect(page.get_by_role("status").get_by_text("You are hired")).to_be_visible()
    offer.refresh_from_db()
    assert offer.status == "hired"
    assert AuditEvent.objects.filter(code="planner.overload_accepted", target_id=str(offer.pk)).exists()

    page.goto("/planner/")
    expect(page.get_by_role("heading", name="At risk").or_(page.get_by_text("Over capacity")).first).to_be_visible()
    assert engagement.project.title in page.content()
    assert_accessible(page)
