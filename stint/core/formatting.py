"""The one place that turns numbers, money and moments into text for people (docs/i18n.md).

Everything follows the request's active language (``django.utils.translation.get_language()``,
set by the locale middleware from the user's setting, then ``Accept-Language``) and the active
time zone (``django.utils.timezone``, set from the user's setting or the talent profile). Formats
come from the Unicode CLDR through Babel, so "1 234,50 €" in French and "€1,234.50" in English come
from the same call, and zero-decimal currencies (JPY) never show a fraction.

Templates use the filters of ``{% load stint_format %}``; Python (e-mails, notifications, CSV)
calls these functions. Machine formats (ISO 8601 in ``<time datetime>``, CSV, iCalendar, the API)
never go through here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.utils import timezone, translation

from stint.core.money import CURRENCY_EXPONENTS


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale of a Django language code ("en-us" → en_US, "pt-br" → pt_BR, "fr" → fr)."""
    code = (language or translation.get_language() or "en-us").replace("-", "_")
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_US")


def money_units(amount_minor: int, currency: str) -> Decimal:
    """Integer minor units as a ``Decimal`` of the currency's units (ISO 4217 exponent)."""
    exponent = CURRENCY_EXPONENTS.get(currency, 2)
    return Decimal(int(amount_minor)).scaleb(-exponent)


def format_money(amount_minor: int, currency: str, *, language: str | None = None) -> str:
    """``format_money(123450, "EUR")`` → "€1,234.50" (en), "1 234,50 €" (fr); ``(1500, "JPY")`` → "¥1,500".

    The number of decimals is the currency's ISO 4217 exponent (``CURRENCY_EXPONENTS``), the same
    one the minor units are stored in; the symbol, its place and the separators are the language's.
    """
    locale = babel_locale(language)
    exponent = CURRENCY_EXPONENTS.get(currency, 2)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    integer, _, fraction = pattern.partition(".")
    tail = "".join(ch for ch in fraction if ch not in "0#")
    pattern = f"{integer}.{'0' * exponent}{tail}" if exponent else f"{integer}{tail}"
    return babel_numbers.format_currency(
        money_units(amount_minor, currency), currency, format=pattern, locale=locale, currency_digits=False
    )


def format_number(value: int | float | Decimal, *, language: str | None = None) -> str:
    """A number with the language's grouping and decimal signs ("1,234.5" / "1 234,5")."""
    return babel_numbers.format_decimal(value, locale=babel_locale(language))


def _aware(value: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return timezone.localtime(value)


def format_datetime(value: datetime.datetime | None, *, language: str | None = None) -> str:
    """A moment in the active time zone, the zone named: "3 Mar 2027, 14:00 CET" / "3 mars 2027, 14:00 CET"."""
    if value is None:
        return ""
    local = _aware(value)
    locale = babel_locale(language)
    day = babel_dates.format_date(local.date(), format="medium", locale=locale)
    time = babel_dates.format_time(local.time(), format="short", locale=locale)
    joined = str(locale.datetime_formats["medium"]).replace("{1}", day).replace("{0}", time)
    return f"{joined} {zone_name(local)}"


def format_date(value: datetime.date | datetime.datetime | None, *, language: str | None = None) -> str:
    """A calendar day ("3 Mar 2027"); a datetime is first moved into the active time zone."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = _aware(value).date()
    return babel_dates.format_date(value, format="medium", locale=babel_locale(language))


def zone_name(value: datetime.datetime) -> str:
    """The zone's abbreviation when it has a letter one ("CET", "EST"), else its IANA name."""
    abbreviation = value.tzname() or ""
    if abbreviation and abbreviation[0].isalpha() and abbreviation not in {"UTC"}:
        return abbreviation
    key = getattr(value.tzinfo, "key", None)
    return str(key or abbreviation or "UTC")


def iso(value: Any) -> str:
    """The machine form for ``<time datetime="…">`` (always ISO 8601)."""
    return value.isoformat() if value is not None else ""
