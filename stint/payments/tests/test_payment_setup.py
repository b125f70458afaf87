"""The set-up steps with the test provider: a company adds a (simulated) payment method before its
first publish, a talent connects a (simulated) payout account before its first payout; both
pages say they are simulated, and both entry points (HTML and API) refuse without them."""

from __future__ import annotations

import pytest

from stint.core.testing.factories import CompanyUserFactory, TalentFactory
from stint.organizations.choices import MemberRole
from stint.organizations.tests.factories import MembershipFactory
from stint.payments.models import Funding, PaymentMethod, Payout, PayoutAccount
from stint.payments.selectors import balance_for_user
from stint.payments.services import engagement_release
from stint.payments.tests.factories import engagement_for, funded_project
from stint.projects import services as projects
from stint.projects.choices import ProjectStatus
from stint.projects.tests.helpers import valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_company():
    """A company that has never published: a member and a verified organization, no card."""
    user = CompanyUserFactory()
    membership = MembershipFactory(user=user, role=MemberRole.OWNER, organization__verified_at="2026-01-01T00:00Z")
    return user, membership.organization


def _draft(user, organization):
    """A publishable draft: 20 hours for $500 (the platform fee makes the charge $550)."""
    return projects.project_create(actor=user, organization=organization, data=valid_data())


@pytest.fixture
def new_talent_with_money(personas):
    """A talent with money earned but no payout account yet."""
    talent = TalentFactory()
    project = funded_project(personas.organization)
    engagement = engagement_for(project, talent=talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    return talent


def test_publishing_without_a_payment_method_goes_to_add_one_and_comes_back(client, new_company):
    user, organization = new_company
    project = _draft(user, organization)
    client.force_login(user)
    publish = f"/payments/projects/{project.pk}/publish/"
    response = client.get(publish)
    assert response.status_code == 302
    setup = response["Location"]
    assert setup.startswith(f"/payments/organizations/{organization.pk}/payment-method/?next=")

    page = client.get(setup).content.decode()
    assert 'data-testid="simulated-note"' in page and "simulated" in page
    assert "No payment method yet" in page
    # Posting straight to publish without a method charges nothing either.
    assert client.post(publish, {"confirm_total_minor": "55000", "confirm_currency": "USD"}).status_code == 302
    assert Funding.objects.count() == 0

    back = client.post(setup, {"card_number": "4242424242424242", "next": publish})
    assert back.status_code == 302 and back["Location"] == publish
    method = PaymentMethod.objects.get(organization=organization)
    assert (method.provider, method.test_card_number) == ("test", "4242424242424242")
    confirm = client.get(publish).content.decode()
    assert "Test card •••• 4242" in confirm and "Change the payment method" in confirm
    client.post(publish, {"confirm_total_minor": "55000", "confirm_currency": "USD"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN
    assert Funding.objects.get(project=project).amount_minor == 55_000


def test_an_unknown_test_card_is_refused_and_an_outside_next_is_ignored(client, new_company):
    user, organization = new_company
    client.force_login(user)
    url = f"/payments/organizations/{organization.pk}/payment-method/"
    refused = client.post(url, {"card_number": "1234"})
    assert refused.status_code == 422
    assert "Choose one of the test cards" in refused.content.decode()
    assert not PaymentMethod.objects.exists()
    saved = client.post(url, {"card_number": "4242424242424242", "next": "https://evil.example/"})
    assert saved["Location"] == f"/organizations/{organization.pk}/"


def test_the_payment_method_page_is_for_members_only(client, new_company, personas):
    _user, organization = new_company
    client.force_login(personas.company_owner)
    assert client.get(f"/payments/organizations/{organization.pk}/payment-method/").status_code == 404
    assert client.post(f"/payments/organizations/{organization.pk}/payment-method/", {}).status_code == 404


def test_the_api_refuses_to_publish_without_a_payment_method(api_client_for, new_company):
    user, organization = new_company
    project = _draft(user, organization)
    api = api_client_for(user)
    response = api.post(f"projects/{project.pk}/publish")
    assert response.status_code == 409
    assert response.json()["code"] == "payment_method_required"
    assert response["Content-Type"].startswith("application/problem+json")
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT and not Funding.objects.exists()

    assert api.get(f"organizations/{organization.pk}/payment-method").json()["ready"] is False
    setup = api.post(f"organizations/{organization.pk}/payment-method/setup", {}).json()
    assert setup["simulated"] is True and setup["url"].endswith(
        f"/payments/organizations/{organization.pk}/payment-method/"
    )
    bad = api.post(f"organizations/{organization.pk}/payment-method/complete", {"card_number": "42"})
    assert bad.status_code == 422
    done = api.post(f"organizations/{organization.pk}/payment-method/complete", {"card_number": "4242424242424242"})
    assert done.json() == {
        "ready": True,
        "provider": "test",
        "simulated": True,
        "test_mode": True,
        "label": "Test card •••• 4242 (simulated, always accepted)",
    }
    assert api.post(f"projects/{project.pk}/publish").status_code == 200


def test_a_payout_without_a_payout_account_is_refused_and_never_succeeds(api_client_for, client, new_talent_with_money):
    talent = new_talent_with_money
    before = balance_for_user(talent)
    response = api_client_for(talent).post("me/payouts", {"amount_minor": 10_000, "currency": "USD"})
    assert response.status_code == 409
    assert response.json()["code"] == "payout_account_required"
    client.force_login(talent)
    page = client.post("/payments/earnings/", {"amount": "100.00", "currency": "USD", "idempotency_key": "k1"})
    assert page.status_code == 422
    html = page.content.decode()
    assert "Connect a payout account before requesting a payout" in html
    assert "Succeeded" not in html and "Payout of" not in html
    assert not Payout.objects.exists()
    assert balance_for_user(talent) == before


def test_a_talent_connects_a_simulated_account_then_is_paid(api_client_for, client, new_talent_with_money):
    talent = new_talent_with_money
    client.force_login(talent)
    page = client.get("/payments/payout-account/").content.decode()
    assert 'data-testid="simulated-note"' in page and 'data-testid="payout-account-none"' in page
    assert 'data-testid="payout-account-status"' in client.get("/payments/earnings/").content.decode()
    response = client.post("/payments/payout-account/", {"next": "/payments/earnings/"})
    assert response["Location"] == "/payments/earnings/"
    assert PayoutAccount.objects.get(user=talent).payouts_enabled
    assert api_client_for(talent).get("me/payout-account").json()["ready"] is True
    paid = client.post("/payments/earnings/", {"amount": "100.00", "currency": "USD", "idempotency_key": "k2"})
    assert paid.status_code == 302
    assert Payout.objects.get().status == "succeeded"


def test_the_api_connects_a_simulated_payout_account(api_client_for):
    talent = TalentFactory()
    api = api_client_for(talent)
    assert api.get("me/payout-account").json()["ready"] is False
    start = api.post("me/payout-account/onboarding", {}).json()
    assert start["simulated"] is True and start["url"].endswith("/payments/payout-account/")
    assert api.post("me/payout-account/complete").json()["ready"] is True


def test_companies_cannot_open_the_payout_account_page(client, personas):
    client.force_login(personas.company_owner)
    assert client.get("/payments/payout-account/").status_code == 403
