"""Minor units per currency (ISO 4217 exponents), incl. zero-decimal JPY (issue 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stint.core.formatting import format_money
from stint.core.money import SUPPORTED_CURRENCIES, exponent_of, fits_minor_units, from_minor, to_minor


def test_the_twelve_currencies_and_their_exponents():
    assert set(SUPPORTED_CURRENCIES) == {
        "AUD",
        "BRL",
        "CAD",
        "CHF",
        "EUR",
        "GBP",
        "INR",
        "JPY",
        "MXN",
        "NGN",
        "USD",
        "ZAR",
    }
    assert {c: exponent_of(c) for c in SUPPORTED_CURRENCIES if exponent_of(c) != 2} == {"JPY": 0}


@pytest.mark.parametrize("currency", SUPPORTED_CURRENCIES)
def test_units_round_trip_through_minor_units(currency):
    amount = Decimal("1234") if currency == "JPY" else Decimal("1234.56")
    minor = to_minor(amount, currency)
    assert minor == (1234 if currency == "JPY" else 123_456)
    assert from_minor(minor, currency) == amount
    assert fits_minor_units(amount, currency)


@pytest.mark.parametrize(
    ("amount", "currency", "fits"),
    [("1500", "JPY", True), ("1500.0", "JPY", True), ("1500.5", "JPY", False), ("12.34", "USD", True),
     ("12.345", "USD", False), ("abc", "USD", False), ("NaN", "EUR", False), ("Infinity", "EUR", False)],
)  # fmt: skip
def test_fits_minor_units(amount, currency, fits):
    assert fits_minor_units(amount, currency) is fits


@pytest.mark.parametrize(
    ("minor", "currency", "shown"),
    [(150_000, "JPY", "¥150,000"), (150_000, "INR", "₹1,500.00"), (150_000, "BRL", "R$1,500.00"),
     (150_000, "NGN", "NGN1,500.00"), (150_000, "CHF", "CHF1,500.00")],
)  # fmt: skip
def test_money_is_shown_with_the_currencys_decimals(minor, currency, shown):
    assert format_money(minor, currency, language="en").replace("\xa0", " ") == shown
