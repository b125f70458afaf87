from __future__ import annotations

from django import template

from stint.core.money import Money

register = template.Library()


@register.filter
def money(amount_minor: int | None, currency: str) -> str:
    """``{{ amount_minor|money:currency }}`` → ``$1,234.50``."""
    try:
        return Money(int(amount_minor or 0), str(currency)).format()
    except (TypeError, ValueError):
        return ""
