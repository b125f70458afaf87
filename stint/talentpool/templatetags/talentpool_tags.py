"""Fragments of the talent pool on other apps' pages: ``{% organization_network organization user %}``
(the follow button and "hires from Stint" on an organization's page) and ``{% confirmed_hires user %}``
(hires the talent chose to show on their portfolio)."""

from __future__ import annotations

from typing import Any

from django import template

from stint.talentpool.choices import HireStatus
from stint.talentpool.models import Hire
from stint.talentpool.selectors import hires_from_stint, is_following

register = template.Library()


@register.inclusion_tag("talentpool/partials/organization_network.html", takes_context=True)
def organization_network(context: Any, organization: Any, user: Any) -> dict[str, Any]:
    return {
        "organization": organization,
        "hires": hires_from_stint(organization=organization),
        "following": is_following(user=user, organization=organization),
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("talentpool/partials/portfolio_hires.html")
def confirmed_hires(talent: Any) -> dict[str, Any]:
    hires = Hire.objects.filter(talent=talent, status=HireStatus.CONFIRMED, show_on_portfolio=True).select_related(
        "organization"
    )
    return {"hires": list(hires)}
