"""The payout form takes an amount in units and converts it with each currency's own exponent;
JPY (no minor unit) accepts no decimals (issue 14)."""

from __future__ import annotations

import pytest

from stint.core.money import SUPPORTED_CURRENCIES, to_minor
from stint.payments.forms import PayoutForm


def _form(amount: str, currency: str) -> PayoutForm:
    return PayoutForm({"amount": amount, "currency": currency, "idempotency_key": "k"}, currencies=[currency])


@pytest.mark.parametrize("currency", [c for c in SUPPORTED_CURRENCIES if c != "JPY"])
def test_two_decimal_currencies_take_cents(currency):
    form = _form("12.34", currency)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount_minor"] == 1234 == to_minor("12.34", currency)


def test_yen_takes_whole_units_only():
    form = _form("1500", "JPY")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount_minor"] == 1500
    refused = _form("1500.50", "JPY")
    assert not refused.is_valid()
    assert "amount" in refused.errors
