from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stint.core.money import CurrencyMismatch, Money

amounts = st.integers(min_value=-(10**12), max_value=10**12)
currencies = st.sampled_from(["USD", "EUR", "GBP", "JPY"])


@given(amount=amounts, numerator=st.integers(0, 10**6), denominator=st.integers(1, 10**6))
def test_portion_rounds_half_up_away_from_zero_exactly(amount, numerator, denominator):
    result = Money(amount, "USD").portion(numerator, denominator)
    exact = Fraction(amount * numerator, denominator)
    assert isinstance(result.amount_minor, int)
    assert abs(Fraction(result.amount_minor) - exact) <= Fraction(1, 2)
    # Half-way cases go away from zero.
    if abs(exact - int(exact)) == Fraction(1, 2):
        assert abs(result.amount_minor) > abs(exact)


@given(amount=st.integers(0, 10**12), bps=st.integers(0, 10_000))
def test_fee_plus_remainder_never_loses_a_cent(amount, bps):
    total = Money(amount, "EUR")
    fee = total.basis_points(bps)
    assert fee + (total - fee) == total
    assert Money(0, "EUR") <= fee <= total


@given(a=amounts, b=amounts, currency=currencies)
def test_addition_and_subtraction_are_integer_exact(a, b, currency):
    assert (Money(a, currency) + Money(b, currency)).amount_minor == a + b
    assert (Money(a, currency) - Money(b, currency)) == Money(a - b, currency)
    assert -Money(a, currency) == Money(-a, currency)


@given(a=amounts, b=amounts)
def test_currencies_never_mix(a, b):
    with pytest.raises(CurrencyMismatch):
        Money(a, "USD") + Money(b, "EUR")
    with pytest.raises(CurrencyMismatch):
        Money(a, "USD") < Money(b, "GBP")


@pytest.mark.parametrize("bad", [1.5, 10.0, "100", True, None])
def test_floats_and_other_non_integers_are_refused(bad):
    with pytest.raises(TypeError):
        Money(bad, "USD")


def test_multiplying_by_a_float_is_refused():
    with pytest.raises(TypeError):
        Money(100, "USD") * 1.1  # type: ignore[operator]  # the bad input under test
    assert Money(100, "USD") * 3 == 3 * Money(100, "USD") == Money(300, "USD")


@pytest.mark.parametrize("bad", ["usd", "US", "DOLLARS", ""])
def test_currency_must_be_an_iso_code(bad):
    with pytest.raises(ValueError):
        Money(1, bad)


def test_portion_rounding_examples():
    assert Money(1000, "USD").portion(1, 3) == Money(333, "USD")
    assert Money(1000, "USD").portion(2, 3) == Money(667, "USD")
    assert Money(5, "USD").portion(1, 2) == Money(3, "USD")
    assert Money(-5, "USD").portion(1, 2) == Money(-3, "USD")
    with pytest.raises(ValueError):
        Money(5, "USD").portion(1, 0)


@pytest.mark.parametrize(
    ("money", "text"),
    [
        (Money(123456, "USD"), "$1,234.56"),
        (Money(-5, "EUR"), "-€0.05"),
        (Money(1500, "JPY"), "¥1,500"),
        (Money(100, "CHF"), "CHF1.00"),
        (Money(1234567, "NGN"), "NGN12,345.67"),
        (Money(10000, "BRL"), "R$100.00"),
    ],
)
def test_format(money, text):
    assert money.format() == text


def test_as_dict_is_the_api_shape():
    assert Money(2000, "USD").as_dict() == {"amount_minor": 2000, "currency": "USD"}


@pytest.mark.parametrize(
    ("language", "money", "text"),
    [
        ("fr", Money(123450, "EUR"), "1\u202f234,50\xa0€"),
        ("es", Money(123450, "EUR"), "1.234,50\xa0€"),
        ("fr", Money(150000, "JPY"), "150\u202f000\xa0JPY"),
        ("es", Money(-500, "USD"), "-5,00\xa0US$"),
        ("en", Money(150000, "JPY"), "¥150,000"),
    ],
)
def test_format_follows_the_language(language, money, text):
    assert money.format(language=language) == text


def test_zero_decimal_currency_never_shows_a_fraction_in_any_language():
    for language in ("en", "es", "fr", "de", "pt-br", "ja"):
        text = Money(1999, "JPY").format(language=language)
        assert "1" in text and "999" in text
        assert ",00" not in text and ".00" not in text, text
