"""``{% load planner_tags %}{% daily_plan user %}``: today's plan for the talent's home page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("planner/partials/daily_plan.html")
def daily_plan(user: Any) -> dict[str, Any]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", None) != "talent":
        return {"plan": None}
    from stint.planner.selectors import daily_plan_for_talent

    return {"plan": daily_plan_for_talent(user)}


@register.filter
def hours(minutes: Any) -> str:
    """Minutes as hours with one decimal: 90 → "1.5"."""
    from stint.planner.load import minutes_to_hours

    try:
        return f"{minutes_to_hours(int(minutes)):.1f}"
    except (TypeError, ValueError):
        return ""
