"""``{% load currencies_tags %}``: ``{% approx amount_minor currency %}`` shows an amount, for
comparison only, in the viewer's currency (``User.currency``, else ``STINT_DEFAULT_CURRENCY``):
"≈ ₹41,750.00 (approximate, rates of 1 Dec 2026)". Nothing when the viewer already uses that
currency or a rate is missing. ``{% approx amount currency to="EUR" %}`` names the target."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from stint.core.formatting import format_date, format_money
from stint.currencies.selectors import approximation, viewer_currency

register = template.Library()


@register.simple_tag(takes_context=True)
def approx(context: Any, amount_minor: Any, currency: Any, to: Any = None) -> SafeString | str:
    try:
        amount = int(amount_minor)
    except (TypeError, ValueError):
        return ""
    request = context.get("request")
    target = viewer_currency(getattr(request, "user", None), str(to or "") or None)
    found = approximation(amount, str(currency), target)
    if found is None:
        return ""
    if found.rate_date:
        note = gettext("approximate, exchange rate of %(date)s") % {"date": format_date(found.rate_date)}
    else:
        note = gettext("approximate")
    return format_html(
        '<span class="approx" data-currency="{}">≈ {} <small>({})</small></span>',
        target,
        format_money(found.amount_minor, target),
        note,
    )
