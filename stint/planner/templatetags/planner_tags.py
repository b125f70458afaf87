"""``{% load planner_tags %}{% daily_plan user %}``: today's plan for the talent's home page;
``{% capacity_overloads user project as overloads %}``: the capacity warning of an offer."""

from __future__ import annotations

from typing import Any

from django import template

from stint.planner.selectors import daily_plan_for_talent
from stint.planner.services import capacity_warnings

register = template.Library()


@register.inclusion_tag("planner/partials/daily_plan.html")
def daily_plan(user: Any) -> dict[str, Any]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", None) != "talent":
        return {"plan": None}
    return {"plan": daily_plan_for_talent(user)}


@register.filter
def hours(minutes: Any) -> str:
    """Minutes as hours with one decimal: 90 → "1.5"."""
    from stint.planner.load import minutes_to_hours

    try:
        return f"{minutes_to_hours(int(minutes)):.1f}"
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def capacity_overloads(user: Any, project: Any) -> list[dict[str, Any]]:
    """``{% capacity_overloads user project as overloads %}``: the weeks the project would push over
    the talent's capacity (``stint.planner.services.capacity_warnings``), for the pages of the
    applications app, which sits below the planner."""
    return capacity_warnings(user=user, project=project)
