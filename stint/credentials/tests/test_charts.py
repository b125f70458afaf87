"""The dashboard's earnings chart sums fees in minor units per month and currency and turns them
into amounts with each currency's ISO exponent (JPY has no minor unit); nothing is converted."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from stint.credentials import charts

pytestmark = pytest.mark.django_db

PAID = dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC)


def _entry(fee_minor: int, currency: str) -> dict[str, Any]:
    engagement = SimpleNamespace(fee_minor=fee_minor, currency=currency, paid_at=PAID, updated_at=PAID)
    return {"engagement": engagement, "industry": "Research"}


def _earnings(personas: Any, monkeypatch: Any, entries: list[dict[str, Any]], language: str = "en") -> Any:
    monkeypatch.setattr(charts.selectors, "project_entries", lambda **kwargs: entries)
    with translation.override(language):
        data = charts.dashboard_data(personas.talent)
    return next(c for c in data["charts"] if c["key"] == "earnings")


def test_zero_decimal_currencies_are_not_divided_by_100(personas: Any, monkeypatch: Any) -> None:
    chart = _earnings(personas, monkeypatch, [_entry(150_000, "JPY"), _entry(50_000, "JPY")])
    assert chart["rows"] == [("Mar 2027 (JPY)", "¥200,000")]
    assert chart["bars"][0]["value"] == "¥200,000"


def test_each_currency_is_summed_on_its_own_with_its_decimals(personas: Any, monkeypatch: Any) -> None:
    chart = _earnings(personas, monkeypatch, [_entry(50_000, "EUR"), _entry(2_550, "EUR"), _entry(9_000, "JPY")])
    assert chart["rows"] == [("Mar 2027 (EUR)", "€525.50"), ("Mar 2027 (JPY)", "¥9,000")]
    widths = {bar["label"]: bar["w"] for bar in chart["bars"]}
    assert widths["Mar 2027 (JPY)"] > widths["Mar 2027 (EUR)"]  # 9,000 units against 525.50


def test_amounts_and_months_follow_the_language(personas: Any, monkeypatch: Any) -> None:
    chart = _earnings(personas, monkeypatch, [_entry(52_550, "EUR")], language="fr")
    [(label, value)] = chart["rows"]
    assert label == "mars 2027 (EUR)"
    assert value.replace("\u202f", " ").replace("\xa0", " ") == "525,50 €"
