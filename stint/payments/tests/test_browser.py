"""In the browser: a talent with a balance requests a payout and sees it in the history; the company
reads its statement (funding, release, refund of a dropped-out slot and its top-up). Axe passes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.payments.invariants import ledger_violations
from stint.payments.models import Payout
from stint.payments.services import engagement_release, engagement_settle_cancellation, project_fund_opening
from stint.payments.tests.factories import engagement_for, funded_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_talent_requests_a_payout_and_sees_it_in_the_history(page, login, personas):
    project = funded_project(personas.organization, actor=personas.company_owner, status="open", title="Market scan")
    engagement = engagement_for(project, talent=personas.talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)

    login(personas.talent)
    page.goto("/payments/earnings/")
    expect(page.get_by_role("heading", name="Earnings", level=1)).to_be_visible()
    expect(page.get_by_test_id("available-USD")).to_have_text("$500.00")
    expect(page.get_by_text("No payouts yet.")).to_be_visible()
    assert_accessible(page)

    # Too much: the form says why, and stays accessible.
    page.get_by_label("Amount").fill("900")
    page.get_by_label("Currency").select_option("USD")
    page.get_by_role("button", name="Request payout").click()
    page.wait_for_load_state()
    expect(page.get_by_text("You can pay out at most $500.00.")).to_be_visible()
    expect(page.get_by_label("Amount")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert Payout.objects.count() == 0

    page.get_by_label("Amount").fill("120.50")
    page.get_by_role("button", name="Request payout").click()
    page.wait_for_url("**/payments/earnings/")
    expect(page.get_by_text("Payout of $120.50 sent.")).to_be_visible()
    expect(page.get_by_test_id("available-USD")).to_have_text("$379.50")
    payouts = page.get_by_role("table", name="Your payouts, newest first")
    expect(payouts.get_by_role("cell", name="$120.50")).to_be_visible()
    expect(payouts.get_by_role("cell", name="Succeeded")).to_be_visible()
    history = page.get_by_role("table", name="Movements of your balance")
    expect(history.get_by_role("cell", name="-$120.50")).to_be_visible()
    expect(history.get_by_role("cell", name="Fee released to the talent: Fee for Market scan")).to_be_visible()
    assert_accessible(page)

    payout = Payout.objects.get(user=personas.talent)
    assert (payout.amount_minor, payout.status) == (12_050, "succeeded")
    assert ledger_violations() == []


def test_the_company_reads_its_statement(page, login, personas):
    org = personas.organization
    project = funded_project(org, actor=personas.company_owner, status="open", title="Brand audit")
    paid = engagement_for(project, talent=personas.talent, status="approved")
    engagement_release(engagement=paid, actor=personas.company_owner)
    second = funded_project(org, actor=personas.company_owner, status="open", title="Survey design")
    dropped = engagement_for(second, talent=personas.other_talent, status="cancelled")
    engagement_settle_cancellation(engagement=dropped, actor=None, minutes_logged=0)
    project_fund_opening(project=second, actor=personas.company_owner, replaces=dropped)

    login(personas.company_member)
    page.goto(f"/payments/organizations/{org.pk}/statement/")
    expect(page.get_by_role("heading", name=f"Statement of {org.name}", level=1)).to_be_visible()
    totals = page.get_by_role("table", name="Money per currency")
    # Charged: two fundings of 550.00 and a top-up of 550.00; held: the top-up's 500.00.
    expect(totals.get_by_role("cell", name="$1,650.00")).to_be_visible()
    expect(page.get_by_test_id("held-USD")).to_have_text("$500.00")
    lines = page.get_by_role("table", name="Every money movement, newest first")
    expect(lines.get_by_role("cell", name="Fee released to the talent")).to_be_visible()
    expect(lines.get_by_role("cell", name="Cancellation settled")).to_be_visible()
    assert lines.get_by_role("cell", name="Project funded").count() == 3
    assert_accessible(page)
    assert ledger_violations() == []


def test_another_companys_member_cannot_read_the_statement(page, login, personas):
    login(personas.other_company_member)
    response = page.goto(f"/payments/organizations/{personas.organization.pk}/statement/")
    assert response is not None and response.status == 404
