"""Reading the rates table: the current rate per currency and approximate conversions for
comparison (docs/currencies.md). Conversions are for people to compare amounts; nothing that
stores or moves money calls them.

The current rates (the newest ``as_of`` of each currency) are one small query, kept in the shared
cache until a rate is saved, deleted or imported (``forget_rates``)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

from stint.core.money import SUPPORTED_CURRENCIES, exponent_of
from stint.currencies.models import MICRO, ExchangeRate

CACHE_KEY = "currencies:current-rates:v1"
CACHE_SECONDS = 3600
# US dollars are the table's unit: USD needs no row (1 USD = 1 USD, always current).
BASE = "USD"


@dataclasses.dataclass(frozen=True)
class Rate:
    currency: str
    per_usd_micro: int
    as_of: datetime.date | None  # None for the base currency
    source: str = ""


def _load() -> dict[str, Rate]:
    rates: dict[str, Rate] = {}
    rows = ExchangeRate.objects.order_by("currency", "-as_of").values_list(
        "currency", "per_usd_micro", "as_of", "source"
    )
    for currency, micro, as_of, source in rows:
        rates.setdefault(currency, Rate(currency, micro, as_of, source))  # the newest comes first
    rates.setdefault(BASE, Rate(BASE, MICRO, None, ""))
    return rates


def current_rates() -> dict[str, Rate]:
    """The newest rate of every currency that has one, plus the base (USD)."""
    rates = cache.get(CACHE_KEY)
    if rates is None:
        rates = _load()
        cache.set(CACHE_KEY, rates, CACHE_SECONDS)
    return rates


def forget_rates(*args: Any, **kwargs: Any) -> None:
    """Drop the cached rates (a rate was saved, deleted or imported)."""
    cache.delete(CACHE_KEY)


def rates_stamp() -> tuple[tuple[str, int, str], ...]:
    """What the current rates are, as a small hashable value: listing caches that depend on the
    rates (the rate filter, approximate amounts) put it in their keys, so a new rate is seen at once."""
    return tuple(sorted((r.currency, r.per_usd_micro, str(r.as_of)) for r in current_rates().values()))


def _round_half_up(numerator: int, denominator: int) -> int:
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    quotient, remainder = divmod(abs(numerator), abs(denominator))
    if remainder * 2 >= abs(denominator):
        quotient += 1
    return sign * quotient


def approximate(amount_minor: int, from_currency: str, to_currency: str) -> int | None:
    """``amount_minor`` of ``from_currency`` in ``to_currency``'s minor units at the current rates,
    rounded half up, or None when either currency has no rate. For comparison only: never store
    the result, never pay it (the ledger does not convert)."""
    if from_currency == to_currency:
        return int(amount_minor)
    rates = current_rates()
    source, target = rates.get(from_currency), rates.get(to_currency)
    if source is None or target is None:
        return None
    # minor_to = minor_from / 10^e_from / per_usd_from * per_usd_to * 10^e_to, in integers.
    numerator = int(amount_minor) * target.per_usd_micro * 10 ** exponent_of(to_currency)
    denominator = source.per_usd_micro * 10 ** exponent_of(from_currency)
    return _round_half_up(numerator, denominator)


def rate_date(from_currency: str, to_currency: str) -> datetime.date | None:
    """The day of the older of the two rates an approximation uses (None for the base alone)."""
    rates = current_rates()
    days = [r.as_of for c in (from_currency, to_currency) if (r := rates.get(c)) is not None and r.as_of]
    return min(days) if days else None


@dataclasses.dataclass(frozen=True)
class Approximation:
    """An amount converted for comparison: what the pages' "≈" and the API's ``approximate_fee`` show."""

    amount_minor: int
    currency: str
    rate_date: datetime.date | None
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "amount_minor": self.amount_minor,
            "currency": self.currency,
            "rate_date": self.rate_date,
            "source": self.source,
            "approximate": True,
        }


def approximation(amount_minor: int, from_currency: str, to_currency: str) -> Approximation | None:
    """``approximate`` with the date and source of the rates used; None when the currencies are
    the same (nothing to compare) or a rate is missing."""
    if from_currency == to_currency:
        return None
    converted = approximate(amount_minor, from_currency, to_currency)
    if converted is None:
        return None
    rates = current_rates()
    sources = sorted({r.source for c in (from_currency, to_currency) if (r := rates.get(c)) and r.source})
    return Approximation(converted, to_currency, rate_date(from_currency, to_currency), "; ".join(sources))


def viewer_currency(user: Any = None, requested: str | None = None) -> str:
    """The currency a viewer compares in: ``requested`` when it is supported, else the user's
    preference (``User.currency``), else ``STINT_DEFAULT_CURRENCY``."""
    for candidate in (requested, getattr(user, "currency", None)):
        code = (candidate or "").upper()
        if code in SUPPORTED_CURRENCIES:
            return code
    return str(settings.STINT_DEFAULT_CURRENCY)


def thresholds(amount_minor: int, currency: str) -> dict[str, int]:
    """``amount_minor`` of ``currency`` expressed in every supported currency that can be compared
    with it (itself, and those with a rate): what a "minimum rate" filter compares each project's
    own amount with. Currencies missing here have no rate (see ``docs/currencies.md``)."""
    out: dict[str, int] = {}
    for target in SUPPORTED_CURRENCIES:
        converted = approximate(amount_minor, currency, target)
        if converted is not None:
            out[target] = converted
    return out
