"""Fragments of the network on other apps' pages (ARCHITECTURE rule 10: page fragments from a higher
app are its template tags).

* ``{% project_network project as network %}`` then ``{% network_badge network application %}``:
  the nomination badge and note, and the talent's references, on the company's applicant list (two
  queries for the whole list);
* ``{% application_network application %}``: the same for one application's page;
* ``{% network_projects user %}``: projects shared with a talent through their network.
"""

from __future__ import annotations

from typing import Any

from django import template

from stint.advisors.choices import NominationStatus, ReferralStatus
from stint.advisors.models import Nomination, Referral
from stint.advisors.selectors import shared_projects_for_talent

register = template.Library()


@register.simple_tag
def project_network(project: Any) -> dict[str, Any]:
    nominations = {
        n.talent_id: n
        for n in Nomination.objects.filter(project=project, status=NominationStatus.NOMINATED).select_related(
            "advisor", "cohort__institution"
        )
    }
    talent_ids = project.applications.values("talent_id")
    references: dict[Any, list[Referral]] = {}
    for r in Referral.objects.filter(talent_id__in=talent_ids, status=ReferralStatus.GIVEN).select_related("referee"):
        references.setdefault(r.talent_id, []).append(r)
    return {"nominations": nominations, "references": references}


@register.inclusion_tag("advisors/partials/network_badge.html")
def network_badge(network: dict[str, Any], application: Any) -> dict[str, Any]:
    return {
        "nomination": network["nominations"].get(application.talent_id),
        "references": network["references"].get(application.talent_id, []),
        "application": application,
    }


@register.inclusion_tag("advisors/partials/network_badge.html")
def application_network(application: Any) -> dict[str, Any]:
    nomination = (
        Nomination.objects.filter(
            project_id=application.project_id, talent_id=application.talent_id, status=NominationStatus.NOMINATED
        )
        .select_related("advisor", "cohort__institution")
        .first()
    )
    references = Referral.objects.filter(talent_id=application.talent_id, status=ReferralStatus.GIVEN).select_related(
        "referee"
    )
    return {"nomination": nomination, "references": list(references), "application": application, "full": True}


@register.inclusion_tag("advisors/partials/network_projects.html")
def network_projects(user: Any, limit: int = 10) -> dict[str, Any]:
    if getattr(user, "role", None) != "talent":
        return {"projects": []}
    return {"projects": list(shared_projects_for_talent(user=user)[:limit])}


@register.inclusion_tag("advisors/partials/portfolio_references.html")
def portfolio_references(talent: Any) -> dict[str, Any]:
    """References shown on the talent's portfolio: given, allowed by the referee and chosen by the talent."""
    references = Referral.objects.filter(
        talent=talent, status=ReferralStatus.GIVEN, referee_allows_portfolio=True, show_on_portfolio=True
    ).select_related("referee")
    return {"references": list(references)}
