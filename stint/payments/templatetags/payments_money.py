from __future__ import annotations

from typing import Any

from django import template

from stint.core.money import Money
from stint.payments.selectors import top_up_for_engagement
from stint.payments.services import opening_quote

register = template.Library()


@register.filter
def money(amount_minor: int | None, currency: str) -> str:
    """``{{ amount_minor|money:currency }}`` → ``$1,234.50``."""
    try:
        return Money(int(amount_minor or 0), str(currency)).format()
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def opening_funding(engagement: Any) -> dict[str, Any]:
    """``{% opening_funding engagement as funding %}``: for a slot the talent dropped out of, the
    live top-up that funds it again (``funding.top_up``, None before the next offer) and what
    offering it would charge (``funding.quote``: total, held fee, platform fee)."""
    return {"top_up": top_up_for_engagement(engagement), "quote": opening_quote(engagement.project)}
