"""``{% load talent_tags %}{% talent_completeness user %}``: the completeness box for the home page."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("talent/partials/completeness.html")
def talent_completeness(user: Any) -> dict[str, Any]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", None) != "talent":
        return {"completeness": None}
    from stint.talent.completeness import profile_completeness
    from stint.talent.selectors import talent_profile_for_user

    profile = talent_profile_for_user(user)
    return {"completeness": profile_completeness(profile), "show_link": True}
