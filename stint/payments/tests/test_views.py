from __future__ import annotations

import pytest

from stint.payments.models import Payout
from stint.payments.services import engagement_release
from stint.payments.tests.factories import engagement_for, funded_project

pytestmark = pytest.mark.django_db

FEE = 50_000


@pytest.fixture
def earning_talent(personas):
    project = funded_project(personas.organization)
    engagement = engagement_for(project, talent=personas.talent, status="approved")
    engagement_release(engagement=engagement, actor=personas.company_owner)
    return personas.talent


def test_talent_sees_earnings_with_a_payout_form(client, earning_talent):
    client.force_login(earning_talent)
    response = client.get("/payments/earnings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "$500.00" in html
    assert 'name="idempotency_key"' in html
    assert "Test mode" in html
    assert html.count("<h1") == 1


def test_a_payout_from_the_form_is_paid_once_even_when_resubmitted(client, earning_talent):
    client.force_login(earning_talent)
    data = {"amount": "150.00", "currency": "USD", "idempotency_key": "form-key-1"}
    response = client.post("/payments/earnings/", data)
    assert response.status_code == 302
    again = client.post("/payments/earnings/", data)
    assert again.status_code == 302
    payout = Payout.objects.get()
    assert (payout.amount_minor, payout.status) == (15_000, "succeeded")
    page = client.get("/payments/earnings/").content.decode()
    assert "$350.00" in page


def test_the_form_shows_an_error_for_more_than_the_balance(client, earning_talent):
    client.force_login(earning_talent)
    response = client.post("/payments/earnings/", {"amount": "900", "currency": "USD", "idempotency_key": "k"})
    assert response.status_code == 422
    assert "at most" in response.content.decode()
    assert Payout.objects.count() == 0


def test_the_form_rejects_a_malformed_amount(client, earning_talent):
    client.force_login(earning_talent)
    response = client.post("/payments/earnings/", {"amount": "-3", "currency": "USD", "idempotency_key": "k"})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()


@pytest.mark.parametrize("persona", ["company_owner", "advisor"])
def test_non_talent_get_403_on_earnings(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get("/payments/earnings/").status_code == 403


def test_anonymous_is_sent_to_login(client, personas):
    assert client.get("/payments/earnings/").status_code == 302
    response = client.get(f"/payments/organizations/{personas.organization.pk}/statement/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_members_see_the_statement(client, personas, earning_talent):
    client.force_login(personas.company_member)
    response = client.get(f"/payments/organizations/{personas.organization.pk}/statement/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fee released to the talent" in html
    assert "Project funded" in html


@pytest.mark.parametrize("persona", ["other_company_member", "talent"])
def test_outsiders_get_404_on_the_statement(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(f"/payments/organizations/{personas.organization.pk}/statement/").status_code == 404
