"""The pay floor (a minimum hourly rate per currency) and the pay summary the pages show."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from stint.core.money import Money


def min_hourly_rate_minor(currency: str) -> int | None:
    """The minimum effective hourly rate for ``currency`` (minor units), or None if unsupported."""
    rates: dict[str, int] = settings.STINT_MIN_HOURLY_RATE_MINOR
    return rates.get(currency)


def supported_currencies() -> list[str]:
    return sorted(settings.STINT_MIN_HOURLY_RATE_MINOR)


def format_rate(rate_minor: int, currency: str) -> str:
    """``2000, "USD"`` → ``"20.00 USD"`` (the way the pay-floor message states a rate)."""
    exp = Money(rate_minor, currency).exponent
    if not exp:
        return f"{rate_minor:,} {currency}"
    whole, frac = divmod(rate_minor, 10**exp)
    return f"{whole:,}.{frac:0{exp}d} {currency}"


def minimum_fee(hours: int, currency: str) -> Money | None:
    rate = min_hourly_rate_minor(currency)
    if rate is None:
        return None
    return Money(rate * hours, currency)


def pay_floor_message(hours: int, currency: str) -> str:
    rate = min_hourly_rate_minor(currency) or 0
    floor = Money(rate * hours, currency)
    return _("For %(hours)s hours the fee must be at least %(floor)s (%(rate)s per hour).") % {
        "hours": hours,
        "floor": floor.format(),
        "rate": format_rate(rate, currency),
    }


@dataclass
class PaySummary:
    """What the editor shows next to the fee: the floor for these hours and the effective rate."""

    hours: int
    currency: str
    minimum_fee: Money
    hourly_rate: Money | None
    meets_floor: bool

    @property
    def text(self) -> str:
        parts = [
            _("Minimum fee for %(hours)s hours: %(fee)s.") % {"hours": self.hours, "fee": self.minimum_fee.format()}
        ]
        if self.hourly_rate is not None:
            parts.append(_("Effective hourly rate: %(rate)s per hour.") % {"rate": self.hourly_rate.format()})
        return " ".join(parts)


def pay_summary(fee_minor: int | None, currency: str, hours: int | None) -> PaySummary | None:
    if not hours or hours <= 0:
        return None
    floor = minimum_fee(hours, currency)
    if floor is None:
        return None
    rate = Money(fee_minor // hours, currency) if fee_minor else None
    return PaySummary(
        hours=hours,
        currency=currency,
        minimum_fee=floor,
        hourly_rate=rate,
        meets_floor=bool(fee_minor) and fee_minor >= floor.amount_minor,  # type: ignore[operator]
    )
