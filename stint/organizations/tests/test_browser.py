from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stint.core.testing.browser import assert_accessible
from stint.core.testing.factories import CompanyUserFactory
from stint.organizations.models import Invitation, Membership, Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_company_owner_creates_an_organization_and_invites_a_member(page, login):
    owner = CompanyUserFactory(email="founder@example.test", name="Freya Founder")
    login(owner)

    page.get_by_role("link", name="My organizations").click()
    page.wait_for_url("**/organizations/")
    assert_accessible(page)
    page.get_by_role("link", name="Create organization").click()
    page.wait_for_url("**/organizations/new/")
    assert_accessible(page)

    # Submitting an empty name shows an accessible error first.
    page.get_by_role("button", name="Create organization").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Name").fill("Fjord Analytics")
    page.get_by_label("Website").fill("https://fjord.example")
    page.get_by_label("Industry").fill("Data analytics")
    page.get_by_label("Size").select_option("2-10")
    page.get_by_label("Description").fill("We help small shops understand their numbers.")
    page.get_by_role("button", name="Create organization").click()
    page.wait_for_url("**/organizations/*-*-*-*-*/")
    org = Organization.objects.get(name="Fjord Analytics")
    assert Membership.objects.get(organization=org, user=owner).role == "owner"
    expect(page.get_by_role("heading", name="Fjord Analytics", level=1)).to_be_visible()
    expect(page.get_by_text("No data yet").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Members").click()
    page.wait_for_url(f"**/organizations/{org.pk}/members/")
    assert_accessible(page)
    page.get_by_label("Email address").fill("colleague@example.test")
    page.get_by_label("Role").select_option("admin")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url(f"**/organizations/{org.pk}/members/")
    expect(page.get_by_text("Invitation sent to colleague@example.test.")).to_be_visible()
    expect(page.get_by_role("cell", name="colleague@example.test", exact=True)).to_be_visible()
    invitation = Invitation.objects.get(organization=org)
    assert invitation.email == "colleague@example.test" and invitation.role == "admin"
    assert_accessible(page)

    page.goto(f"/organizations/o/{org.slug}/")
    expect(page.get_by_role("heading", name="Fjord Analytics", level=1)).to_be_visible()
    assert_accessible(page)
