"""Money as integer minor units plus an ISO 4217 currency. No floats anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Minor-unit exponent per currency (ISO 4217): what one stored unit is worth. JPY has no minor
# unit (exponent 0: 1500 means ¥1,500). Currencies not listed default to 2.
CURRENCY_EXPONENTS: dict[str, int] = {
    "AUD": 2,
    "BRL": 2,
    "CAD": 2,
    "CHF": 2,
    "EUR": 2,
    "GBP": 2,
    "INR": 2,
    "JPY": 0,
    "MXN": 2,
    "NGN": 2,
    "USD": 2,
    "ZAR": 2,
}
SUPPORTED_CURRENCIES = tuple(sorted(CURRENCY_EXPONENTS))


class CurrencyMismatch(ValueError):
    pass


@dataclass(frozen=True, slots=True, order=False)
class Money:
    amount_minor: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount_minor, bool) or not isinstance(self.amount_minor, int):
            raise TypeError(f"Money amount must be an int of minor units, got {type(self.amount_minor).__name__}")
        if not (isinstance(self.currency, str) and len(self.currency) == 3 and self.currency.isupper()):
            raise ValueError(f"Currency must be an ISO 4217 code, got {self.currency!r}")

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @property
    def exponent(self) -> int:
        return CURRENCY_EXPONENTS.get(self.currency, 2)

    def _check(self, other: Any) -> Money:
        if not isinstance(other, Money):
            raise TypeError("Money can only be combined with Money")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} and {other.currency} cannot be combined")
        return other

    def __add__(self, other: Money) -> Money:
        return Money(self.amount_minor + self._check(other).amount_minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount_minor - self._check(other).amount_minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount_minor, self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("Money can only be multiplied by an int; use .portion() for fractions")
        return Money(self.amount_minor * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount_minor < self._check(other).amount_minor

    def __le__(self, other: Money) -> bool:
        return self.amount_minor <= self._check(other).amount_minor

    def __gt__(self, other: Money) -> bool:
        return self.amount_minor > self._check(other).amount_minor

    def __ge__(self, other: Money) -> bool:
        return self.amount_minor >= self._check(other).amount_minor

    def portion(self, numerator: int, denominator: int) -> Money:
        """self × numerator / denominator, rounded half up, in integer arithmetic."""
        if denominator <= 0:
            raise ValueError("denominator must be positive")
        sign = -1 if self.amount_minor * numerator < 0 else 1
        quotient, remainder = divmod(abs(self.amount_minor * numerator), denominator)
        if remainder * 2 >= denominator:
            quotient += 1
        return Money(sign * quotient, self.currency)

    def basis_points(self, bps: int) -> Money:
        return self.portion(bps, 10_000)

    def format(self, *, language: str | None = None) -> str:
        """For people, in the active (or given) language: see ``stint.core.formatting.format_money``."""
        from stint.core.formatting import format_money  # formatting imports this module

        return format_money(self.amount_minor, self.currency, language=language)

    def __str__(self) -> str:
        return self.format()

    def as_dict(self) -> dict[str, Any]:
        return {"amount_minor": self.amount_minor, "currency": self.currency}


def to_minor(amount: Any, currency: str) -> int:
    """An amount in the currency's units (``Decimal("26")`` → 2600 for USD, 26 for JPY) as integer
    minor units, rounded half up. What people type is in units; everything stored is minor units."""
    from decimal import ROUND_HALF_UP, Decimal

    exp = CURRENCY_EXPONENTS.get(currency, 2)
    return int((Decimal(amount) * (10**exp)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def exponent_of(currency: str) -> int:
    """The ISO 4217 minor-unit exponent of ``currency`` (2 when unknown; 0 for JPY)."""
    return CURRENCY_EXPONENTS.get(currency, 2)


def fits_minor_units(amount: Any, currency: str) -> bool:
    """Whether ``amount`` (in units) has no more decimals than ``currency`` allows: ``"26.5"`` fits
    USD, ``"1500.5"`` does not fit JPY (which has no minor unit). Forms refuse what does not fit
    rather than rounding it away."""
    from decimal import Decimal, InvalidOperation

    try:
        scaled = Decimal(amount).scaleb(exponent_of(currency))
    except (InvalidOperation, TypeError, ValueError):
        return False
    return scaled.is_finite() and scaled == scaled.to_integral_value()


def from_minor(amount_minor: int, currency: str) -> Any:
    """Integer minor units as a ``Decimal`` in the currency's units (2600 USD → 26.00; 26 JPY → 26)."""
    from decimal import Decimal

    exp = CURRENCY_EXPONENTS.get(currency, 2)
    return (Decimal(amount_minor) / (10**exp)).quantize(Decimal(1).scaleb(-exp))


def minor_by_currency(amount: Any, currencies: Any = None) -> dict[str, int]:
    """``amount`` (in units) in the minor units of each currency: how a filter typed in units
    ("26") is compared with amounts stored in several currencies (no exchange rates: 26 means
    $26.00 for USD projects, €26.00 for EUR projects and ¥26 for JPY projects)."""
    return {c: to_minor(amount, c) for c in (currencies or SUPPORTED_CURRENCIES)}
