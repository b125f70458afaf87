"""The rates table: import, current rate, approximate conversions (JPY included), the template tag."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory

from stint.core.money import SUPPORTED_CURRENCIES
from stint.currencies.models import ExchangeRate
from stint.currencies.selectors import approximate, approximation, current_rates, thresholds, viewer_currency
from stint.currencies.services import rates_import_csv

pytestmark = pytest.mark.django_db

SAMPLE = settings.BASE_DIR / "data" / "rates.csv"


def load_sample() -> None:
    call_command("import_rates", str(SAMPLE), stdout=StringIO(), stderr=StringIO())


def test_the_sample_file_has_a_dated_rate_for_every_supported_currency_and_says_it_is_sample_data():
    text = SAMPLE.read_text()
    assert "SAMPLE DATA" in text
    load_sample()
    rates = current_rates()
    assert set(SUPPORTED_CURRENCIES) <= set(rates)
    assert all(rates[c].as_of == datetime.date(2026, 12, 1) for c in SUPPORTED_CURRENCIES)
    assert all("sample" in rates[c].source for c in SUPPORTED_CURRENCIES)


def test_import_is_idempotent_and_reports_bad_lines():
    out = StringIO()
    call_command("import_rates", str(SAMPLE), stdout=out, stderr=StringIO())
    assert "12 created" in out.getvalue()
    out = StringIO()
    call_command("import_rates", str(SAMPLE), stdout=out, stderr=StringIO())
    assert "0 created, 0 updated, 12 unchanged" in out.getvalue()
    assert ExchangeRate.objects.count() == 12
    result = rates_import_csv(
        "currency,per_usd,as_of,source\nXYZ,1,2026-12-01,x\nEUR,-1,2026-12-01,x\nEUR,0.95,2026-12-02,x\n"
    )
    assert result.created == 1 and len(result.errors) == 2
    assert current_rates()["EUR"].per_usd_micro == 950_000  # the newest day wins


def test_import_refuses_a_file_without_the_columns():
    assert rates_import_csv("code,rate\nEUR,1\n").errors == ["line 1: missing column(s) currency, per_usd, as_of"]


def test_approximate_uses_each_currency_exponent():
    load_sample()
    assert approximate(2000, "USD", "USD") == 2000
    assert approximate(2000, "USD", "JPY") == 3000  # $20.00 → ¥3,000 (no minor unit)
    assert approximate(3000, "JPY", "USD") == 2000  # ¥3,000 → $20.00
    assert approximate(2000, "USD", "INR") == 167_000  # $20.00 → ₹1,670.00
    assert approximate(167_000, "INR", "JPY") == 3000
    assert approximate(1, "JPY", "EUR") == 1  # ¥1 → €0.0061: rounds to one cent
    assert approximate(1850, "EUR", "USD") == 2011


def test_a_missing_rate_gives_none():
    ExchangeRate.objects.create(currency="EUR", per_usd_micro=920_000, as_of=datetime.date(2026, 12, 1))
    assert approximate(100, "EUR", "USD") == 109
    assert approximate(100, "JPY", "USD") is None
    assert approximate(100, "EUR", "JPY") is None
    assert approximation(100, "EUR", "EUR") is None  # nothing to compare
    assert set(thresholds(2000, "USD")) == {"USD", "EUR"}


def test_a_saved_rate_is_seen_at_once():
    load_sample()
    assert approximate(100, "USD", "BRL") == 540
    ExchangeRate.objects.create(currency="BRL", per_usd_micro=6_000_000, as_of=datetime.date(2026, 12, 2))
    assert approximate(100, "USD", "BRL") == 600


def test_every_default_pay_floor_is_about_20_usd_at_the_sample_rates():
    load_sample()
    for currency, floor in settings.STINT_MIN_HOURLY_RATE_MINOR.items():
        in_usd = approximate(floor, currency, "USD")
        assert in_usd is not None and 1_900 <= in_usd <= 2_100, (currency, in_usd)


def test_viewer_currency_prefers_the_request_then_the_user_then_the_site_default(personas):
    personas.talent.currency = "INR"
    assert viewer_currency(personas.talent) == "INR"
    assert viewer_currency(personas.talent, "jpy") == "JPY"
    assert viewer_currency(personas.talent, "XYZ") == "INR"
    assert viewer_currency(None) == settings.STINT_DEFAULT_CURRENCY


def _render(user, text: str, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template("{% load currencies_tags %}" + text).render(Context({"request": request, **context}))


def test_the_approx_tag_states_an_approximate_amount_with_the_rate_date(personas):
    load_sample()
    personas.talent.currency = "INR"
    html = _render(personas.talent, "{% approx 50000 'USD' %}")
    assert "≈ ₹41,750.00" in html and "approximate, exchange rate of Dec 1, 2026" in html
    assert _render(personas.talent, "{% approx 41750 'INR' %}") == ""  # the viewer's own currency
    personas.talent.currency = "JPY"
    assert "≈ ¥75,000" in _render(personas.talent, "{% approx 50000 'USD' %}")
    assert "≈ $5.00" in _render(personas.talent, "{% approx 750 'JPY' to='USD' %}")


def test_the_approx_tag_shows_nothing_without_a_rate(personas):
    personas.talent.currency = "INR"
    assert _render(personas.talent, "{% approx 50000 'USD' %}") == ""
    assert _render(personas.talent, "{% approx 'x' 'USD' %}") == ""
