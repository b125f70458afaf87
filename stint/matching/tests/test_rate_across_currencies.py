"""The hourly-rate filter and sort across currencies (issue 14): a minimum typed in units of one
currency (``rate_currency``, default the viewer's) is compared with every project's own rate
through the rates table, the same on ``/projects/``, ``/search/`` and both APIs; a project whose
currency has no rate is kept (docs/currencies.md)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from stint.core.testing.factories import TalentFactory
from stint.currencies.models import ExchangeRate
from stint.matching.indexing import reindex_projects
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

ID = re.compile(r'href="/projects/([0-9a-f-]{36})/"')


@pytest.fixture
def world(db):
    call_command("import_rates", str(settings.BASE_DIR / "data" / "rates.csv"), stdout=StringIO())
    projects = {
        # per hour (20 hours each), and in USD at the sample rates
        "usd": ProjectFactory(title="Dollar survey", currency="USD", fee_minor=50_000),  # $25.00
        "inr": ProjectFactory(title="Rupee survey", currency="INR", fee_minor=4_000_000),  # ₹2,000 ≈ $23.95
        "jpy": ProjectFactory(title="Yen survey", currency="JPY", fee_minor=90_000),  # ¥4,500 = $30.00
        "brl": ProjectFactory(title="Real survey", currency="BRL", fee_minor=220_000),  # R$110 ≈ $20.37
    }
    reindex_projects()
    return projects


def _names(world, ids) -> set[str]:
    by_id = {str(p.pk): name for name, p in world.items()}
    return {by_id[i] for i in ids if i in by_id}


def _api(client, path: str, params: dict) -> list[str]:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return [str(item["id"]) for item in response.json()["items"]]


def _page(client, path: str, params: dict) -> list[str]:
    response = client.get(path, params)
    assert response.status_code == 200
    return list(dict.fromkeys(ID.findall(response.content.decode())))


def _everywhere(client, params: dict) -> dict[str, set[str]]:
    page_params = {("min_hourly_rate" if k == "min_rate" else k): v for k, v in params.items()}
    return {
        "/projects/": set(_page(client, "/projects/", page_params)),
        "/search/": set(_page(client, "/search/", params)),
        "GET /projects": set(_api(client, "/api/v1/projects", params)),
        "GET /search/projects": set(_api(client, "/api/v1/search/projects", params)),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_rate": "24", "rate_currency": "USD"}, {"usd", "jpy"}),
        ({"min_rate": "3600", "rate_currency": "JPY"}, {"usd", "jpy"}),  # ¥3,600 = $24
        ({"min_rate": "2000", "rate_currency": "INR"}, {"usd", "inr", "jpy"}),  # ₹2,000 ≈ $23.95
        ({"min_rate": "20", "rate_currency": "USD"}, {"usd", "inr", "jpy", "brl"}),
        ({"min_rate": "31", "rate_currency": "USD"}, set()),
    ],
)
def test_one_minimum_in_one_currency_compares_every_project_on_every_surface(world, client, params, expected):
    for surface, ids in _everywhere(client, params).items():
        assert _names(world, ids) == expected, surface


def test_the_minimum_defaults_to_the_viewers_currency(world, client, api_client_for):
    talent = TalentFactory(email="yen@example.test", currency="JPY")
    assert _names(world, _api(api_client_for(talent), "projects", {"min_rate": "3600"})) == {"usd", "jpy"}
    client.force_login(talent)
    assert _names(world, _page(client, "/projects/", {"min_hourly_rate": "3600"})) == {"usd", "jpy"}
    html = client.get("/projects/").content.decode()
    assert '<option value="JPY" selected>' in html
    # Anonymous visitors compare in STINT_DEFAULT_CURRENCY (USD): ¥3,600 read as $3,600 matches nothing.
    assert _api(api_client_for(None), "projects", {"min_rate": "3600"}) == []


def test_a_project_whose_currency_has_no_rate_is_kept(world, client):
    ExchangeRate.objects.filter(currency="BRL").delete()
    for surface, ids in _everywhere(client, {"min_rate": "24", "rate_currency": "USD"}).items():
        assert _names(world, ids) == {"usd", "jpy", "brl"}, surface


def test_an_unknown_currency_is_invalid_currency_and_nothing_breaks(world, client):
    for path in ("/api/v1/projects", "/api/v1/search/projects"):
        response = client.get(path, {"min_rate": "24", "rate_currency": "XYZ"})
        assert response.status_code == 422
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["code"] == "invalid_currency"
    for path in ("/projects/", "/search/"):
        assert client.get(path, {"min_rate": "24", "rate_currency": "XYZ"}).status_code == 200
    assert client.get("/api/v1/projects", {"rate_currency": "EURO"}).json()["code"] == "invalid_currency"


def test_yen_amounts_take_no_decimals(world, client):
    response = client.get("/api/v1/search/projects", {"min_rate": "3600.50", "rate_currency": "JPY"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "min_rate"
    assert client.get("/api/v1/search/projects", {"min_rate": "24.50", "rate_currency": "USD"}).status_code == 200


def test_sorting_by_rate_compares_across_currencies(world, client):
    want = ["jpy", "usd", "inr", "brl"]
    by_id = {str(p.pk): name for name, p in world.items()}
    browse = _api(client, "/api/v1/projects", {"sort": "rate"})
    assert [by_id[i] for i in browse] == want
    text = _api(client, "/api/v1/search/projects", {"sort": "rate", "q": "survey"})
    assert [by_id[i] for i in text] == want


def test_the_api_gives_an_approximate_fee_in_the_callers_currency(world, api_client_for):
    talent = TalentFactory(email="rupee@example.test", currency="INR")
    items = {i["title"]: i for i in api_client_for(talent).get("projects").json()["items"]}
    usd = items["Dollar survey"]
    assert usd["fee"] == {"amount_minor": 50_000, "currency": "USD"}
    assert usd["approximate_fee"] == {
        "amount_minor": 4_175_000,
        "currency": "INR",
        "rate_date": "2026-12-01",
        "source": "sample data (Stint demo)",
        "approximate": True,
    }
    assert items["Rupee survey"]["approximate_fee"] is None  # already in the caller's currency
    anonymous = api_client_for(None).get("projects", {"rate_currency": "JPY"}).json()["items"]
    assert {i["title"]: i["approximate_fee"]["amount_minor"] for i in anonymous if i["approximate_fee"]}[
        "Dollar survey"
    ] == 75_000
    detail = api_client_for(talent).get(f"projects/{world['jpy'].pk}").json()
    assert detail["approximate_fee"]["currency"] == "INR" and detail["approximate_fee"]["amount_minor"] == 5_010_000
    search = api_client_for(talent).get("search/projects").json()["items"]
    assert {i["title"]: i["approximate_fee"] for i in search}["Yen survey"]["amount_minor"] == 5_010_000


def test_pages_show_the_approximate_fee_with_the_rate_date(world, client):
    talent = TalentFactory(email="real@example.test", currency="BRL")
    client.force_login(talent)
    detail = client.get(f"/projects/{world['usd'].pk}/").content.decode()
    assert "≈ R$2,700.00" in detail and "approximate, exchange rate of Dec 1, 2026" in detail
    assert "≈ R$2,700.00" in client.get("/projects/").content.decode()
    assert "≈ R$2,700.00" in client.get("/search/").content.decode()
    own = client.get(f"/projects/{world['brl'].pk}/").content.decode()
    assert "≈" not in own  # the viewer's own currency needs no comparison


def test_a_new_rate_is_seen_by_cached_listings_at_once(world, client):
    assert _names(world, _api(client, "/api/v1/projects", {"min_rate": "24", "rate_currency": "USD"})) == {"usd", "jpy"}
    ExchangeRate.objects.filter(currency="INR").update(per_usd_micro=70_000_000)  # ₹2,000 ≈ $28.57
    ExchangeRate.objects.get(currency="AUD").save()  # a save in the admin: the cached rates are dropped
    assert _names(world, _api(client, "/api/v1/projects", {"min_rate": "24", "rate_currency": "USD"})) == {
        "usd",
        "jpy",
        "inr",
    }


def test_the_currency_picked_on_a_list_is_also_the_one_cards_compare_in(world, client):
    assert "≈ ₹41,750.00" in client.get("/projects/", {"rate_currency": "INR"}).content.decode()
    assert "≈ ₹41,750.00" in client.get("/search/", {"rate_currency": "INR"}).content.decode()
    # Anonymous visitors compare in the site default (USD) otherwise: the yen project shows ≈ $600.00.
    assert "≈ $600.00" in client.get("/projects/").content.decode()
