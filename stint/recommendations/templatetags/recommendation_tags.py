"""``{% load recommendation_tags %}{% recommended_projects user %}``: the talent home page's list."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

HOME_LIMIT = 5


@register.inclusion_tag("recommendations/partials/list.html")
def recommended_projects(user: Any, limit: int = HOME_LIMIT) -> dict[str, Any]:
    """Renders nothing for anyone but talent; for talent, their best ``limit`` projects with reasons."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", None) != "talent":
        return {"show": False}
    from stint.recommendations.selectors import recommend_projects_for_talent

    return {
        "show": True,
        "recommendations": recommend_projects_for_talent(user, limit=limit),
        "show_all_link": True,
    }
