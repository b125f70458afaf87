from __future__ import annotations

import pytest

from stint.payments.invariants import ledger_violations
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


def test_talent_sees_their_balance(api_client_for, earning_talent):
    response = api_client_for(earning_talent).get("me/balance")
    assert response.status_code == 200
    assert response.json() == [{"currency": "USD", "available_minor": FEE, "pending_minor": 0, "paid_out_minor": 0}]


def test_a_user_without_money_has_an_empty_balance(api_client_for, personas):
    assert api_client_for(personas.other_talent).get("me/balance").json() == []


def test_anonymous_gets_401_on_money_endpoints(api_client_for, personas):
    client = api_client_for(None)
    assert client.get("me/balance").status_code == 401
    assert client.get("me/payouts").status_code == 401
    response = client.post("me/payouts", {"amount_minor": 1, "currency": "USD"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert client.get(f"organizations/{personas.organization.pk}/statement").status_code == 401


def test_a_payout_request_returns_201_and_the_payout(api_client_for, earning_talent):
    response = api_client_for(earning_talent).post(
        "me/payouts", {"amount_minor": 20_000, "currency": "USD"}, headers={"Idempotency-Key": "k-1"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["amount_minor"], body["currency"], body["status"]) == (20_000, "USD", "succeeded")
    assert ledger_violations() == []


def test_a_replayed_payout_returns_the_same_response_and_pays_once(api_client_for, earning_talent):
    client = api_client_for(earning_talent)
    first = client.post("me/payouts", {"amount_minor": 20_000, "currency": "USD"}, headers={"Idempotency-Key": "k-1"})
    again = client.post("me/payouts", {"amount_minor": 20_000, "currency": "USD"}, headers={"Idempotency-Key": "k-1"})
    assert again.status_code == 201
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Payout.objects.count() == 1
    assert client.get("me/balance").json()[0]["available_minor"] == FEE - 20_000
    assert ledger_violations() == []


def test_a_reused_key_with_another_body_is_422(api_client_for, earning_talent):
    client = api_client_for(earning_talent)
    client.post("me/payouts", {"amount_minor": 20_000, "currency": "USD"}, headers={"Idempotency-Key": "k-1"})
    response = client.post(
        "me/payouts", {"amount_minor": 30_000, "currency": "USD"}, headers={"Idempotency-Key": "k-1"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Payout.objects.count() == 1


def test_a_payout_above_the_balance_is_422_insufficient_balance(api_client_for, earning_talent):
    response = api_client_for(earning_talent).post(
        "me/payouts", {"amount_minor": FEE + 1, "currency": "USD"}, headers={"Idempotency-Key": "k-2"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "insufficient_balance"
    assert Payout.objects.count() == 0


def test_a_payout_with_a_bad_amount_is_a_validation_error(api_client_for, earning_talent):
    client = api_client_for(earning_talent)
    response = client.post("me/payouts", {"amount_minor": 0, "currency": "USD"})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    response = client.post("me/payouts", {"amount_minor": 10, "currency": "XXX"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_currency"


@pytest.mark.parametrize("persona", ["company_owner", "advisor", "staff"])
def test_only_talent_request_payouts(api_client_for, personas, persona):
    response = api_client_for(getattr(personas, persona)).post("me/payouts", {"amount_minor": 10, "currency": "USD"})
    assert response.status_code == 403
    assert response.json()["code"] == "talent_only"


def test_payouts_are_listed_paginated_and_only_your_own(api_client_for, earning_talent, personas):
    client = api_client_for(earning_talent)
    for i in range(3):
        client.post("me/payouts", {"amount_minor": 100 + i, "currency": "USD"}, headers={"Idempotency-Key": f"k{i}"})
    page = client.get("me/payouts", {"page": 1, "page_size": 2}).json()
    assert page["count"] == 3
    assert [p["amount_minor"] for p in page["items"]] == [102, 101]
    assert api_client_for(personas.other_talent).get("me/payouts").json() == {"items": [], "count": 0}


def test_members_read_their_organization_statement(api_client_for, personas, earning_talent):
    for member in (personas.company_owner, personas.company_admin, personas.company_member):
        response = api_client_for(member).get(f"organizations/{personas.organization.pk}/statement")
        assert response.status_code == 200
        body = response.json()
        totals = body["totals"][0]
        assert (totals["charged"], totals["held"], totals["released"], totals["fees"]) == (FEE + 5_000, 0, FEE, 5_000)
        assert [line["kind"] for line in body["lines"]] == ["release", "funding"]


@pytest.mark.parametrize("persona", ["other_company_member", "talent", "advisor"])
def test_outsiders_get_404_on_a_statement(api_client_for, personas, persona):
    response = api_client_for(getattr(personas, persona)).get(f"organizations/{personas.organization.pk}/statement")
    assert response.status_code == 404
