"""``{% load planner_tags %}{% daily_plan user %}``: today's plan for the talent's home page;
``{% capacity_overloads user project as overloads %}``: the capacity warning of an offer."""

from __future__ import annotations

from typing import Any

from babel.dates import format_skeleton
from django import template

from stint.core.formatting import babel_locale
from stint.planner.selectors import daily_plan_for_talent, format_hours
from stint.planner.services import capacity_warnings

register = template.Library()


@register.inclusion_tag("planner/partials/daily_plan.html")
def daily_plan(user: Any) -> dict[str, Any]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", None) != "talent":
        return {"plan": None}
    return {"plan": daily_plan_for_talent(user)}


@register.filter
def hours(minutes: Any) -> str:
    """Minutes as hours with one decimal, in the active language: 90 → "1.5" / "1,5"."""
    try:
        return format_hours(int(minutes))
    except (TypeError, ValueError):
        return ""


@register.simple_tag
def capacity_overloads(user: Any, project: Any) -> list[dict[str, Any]]:
    """``{% capacity_overloads user project as overloads %}``: the weeks the project would push over
    the talent's capacity (``stint.planner.services.capacity_warnings``), for the pages of the
    applications app, which sits below the planner."""
    return capacity_warnings(user=user, project=project)


@register.filter
def short_day(day: Any) -> str:
    """A day and month for the chart's axis, in the active language: "Mar 3" / "3 mar" / "3 mars"."""
    try:
        return format_skeleton("MMMd", day, locale=babel_locale())
    except (TypeError, ValueError, AttributeError):
        return ""
