"""Talent template tags: ``{% talent_completeness user %}`` (the home page's completeness box) and the
``interest_names`` filter."""

from __future__ import annotations

from typing import Any

from django import template

from stint.skills.selectors import category_list

register = template.Library()


@register.inclusion_tag("talent/partials/completeness.html")
def talent_completeness(user: Any) -> dict[str, Any]:
    if not getattr(user, "is_authenticated", False) or getattr(user, "role", None) != "talent":
        return {"completeness": None}
    from stint.talent.completeness import profile_completeness
    from stint.talent.selectors import talent_profile_for_user

    profile = talent_profile_for_user(user)
    return {"completeness": profile_completeness(profile), "show_link": True}


@register.filter
def interest_names(interests: Any) -> list[str]:
    """A profile's interests as people read them: category slugs by their names, industries as typed."""
    interests = list(interests or [])
    names = dict(category_list().filter(slug__in=interests).values_list("slug", "name"))
    return [names.get(interest, interest) for interest in interests]
