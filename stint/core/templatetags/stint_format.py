"""``{% load stint_format %}``: numbers, money and moments for people, in the viewer's language and
time zone (``stint.core.formatting``). Keep ``|date:'c'`` for ``<time datetime="…">``.

- ``{{ amount_minor|money:currency }}`` → "€1,234.50" / "1 234,50 €"; "¥1,500" (no decimals for JPY)
- ``{{ moment|local_datetime }}`` → "3 Mar 2027, 14:00 CET" (the viewer's zone, named)
- ``{{ day_or_moment|local_date }}`` → "3 Mar 2027"
- ``{{ value|number }}`` → "1,234.5" / "1 234,5"
- ``{{ code|language_name }}`` → "German" / "alemán" (an ISO 639-1 code's name in the viewer's language)
"""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from stint.core import formatting
from stint.core.languages import language_name as name_of

register = template.Library()


@register.filter
def money(amount_minor: Any, currency: Any) -> str:
    try:
        return formatting.format_money(int(amount_minor or 0), str(currency))
    except (TypeError, ValueError, KeyError):
        return ""


@register.filter
def local_datetime(value: Any) -> str:
    try:
        return formatting.format_datetime(value)
    except (TypeError, ValueError, AttributeError):
        return ""


def _as_date(value: Any) -> Any:
    """A date, a datetime, or an ISO date string ("2026-03-02", as some payloads carry weeks)."""
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        return datetime.date.fromisoformat(value[:10])
    raise TypeError(f"not a date: {value!r}")


@register.filter
def local_date(value: Any) -> str:
    try:
        return formatting.format_date(_as_date(value))
    except (TypeError, ValueError, AttributeError):
        return ""


@register.filter
def language_name(code: Any) -> str:
    """``{{ project.language|language_name }}`` → "German" / "alemán" / "allemand"."""
    return name_of(str(code)) if code else ""


@register.filter
def number(value: Any) -> str:
    try:
        return formatting.format_number(value)
    except (TypeError, ValueError, ArithmeticError):
        return ""
