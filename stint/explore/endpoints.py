"""The explore API: public market figures per field and per occupation, and the signed-in talent's
career path. Same selectors as the HTML pages (docs/explore.md)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router

from stint.core.api import ProblemSchema
from stint.core.errors import ValidationFailed
from stint.explore import selectors
from stint.explore.occupation_skills import OccupationSkill
from stint.explore.path import career_path, require_talent
from stint.explore.schemas import FieldDetailOut, FieldOut, OccupationDetailOut, PathOut
from stint.explore.stats import MoneySummary
from stint.explore.views import search_url
from stint.skills.models import Category, Occupation

router = Router(tags=["explore"])
ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema}
SKILLS_SOURCE = "derived: featured skills nearest to the ESCO description (docs/explore.md)"


def _money(items: list[MoneySummary]) -> list[dict[str, Any]]:
    return [
        {
            "currency": m.currency,
            "count": m.count,
            "median": m.median.as_dict(),
            "low": m.low.as_dict(),
            "high": m.high.as_dict(),
            "median_display": m.median.format(),
        }
        for m in items
    ]


def _range(summary: Any) -> dict[str, int] | None:
    if summary is None:
        return None
    return {"count": summary.count, "median": summary.median, "low": summary.low, "high": summary.high}


def overview_out(o: selectors.Overview, *, search: str) -> dict[str, Any]:
    return {
        "open_count": o.open_count,
        "open_projects": [
            {
                "id": p.pk,
                "title": p.title,
                "organization": p.organization.name,
                "fee": p.fee.as_dict(),
                "estimated_hours": p.estimated_hours,
            }
            for p in o.open_projects
        ],
        "search_url": search,
        "market_count": o.market_count,
        "market_days": selectors.MARKET_DAYS,
        "market_sampled": o.sampled,
        "fee": _money(o.fees),
        "hourly_rate": _money(o.hourly),
        "hours": _range(o.hours),
        "duration_days": _range(o.duration),
        "trend": [{"week_start": w.start, "projects": w.count} for w in o.trend],
        "skills": o.skills,
        "organizations": o.organizations,
    }


def _field(category: Category, open_count: int, hourly: list[MoneySummary]) -> dict[str, Any]:
    return {
        "slug": category.slug,
        "name": category.name,
        "description": category.description,
        "open_count": open_count,
        "hourly_rate": _money(hourly),
    }


def _occupation(o: Occupation) -> dict[str, Any]:
    return {"id": o.pk, "slug": o.slug, "label": o.label, "esco_uri": o.esco_uri, "description": o.description}


def _skill(s: OccupationSkill) -> dict[str, Any]:
    return {"id": s.skill_id, "slug": s.slug, "label": s.label, "score": s.score, "named_in_description": s.named}


@router.get("/explore/fields", auth=None, response=list[FieldOut])
def field_list(request: HttpRequest):
    """Every field (project category) with its open public projects and its typical effective
    hourly rate per currency (median over the public projects of the last 12 months)."""
    return [_field(r["category"], r["open_count"], r["hourly"]) for r in selectors.field_list_cached()]


@router.get("/explore/fields/{slug}", auth=None, response={200: FieldDetailOut, 404: ProblemSchema})
def field_detail(request: HttpRequest, slug: str):
    """A field's figures from live data: open projects (and the search link listing them all),
    fee and effective hourly rate per currency (median and range, integer minor units), hours and
    duration, the 12-week trend of projects published, skills most asked for and organizations
    hiring. Unknown field: 404 `field_not_found`."""
    category = selectors.field_get(slug=slug)
    overview = selectors.field_overview_cached(category=category)
    return {
        "field": _field(category, overview.open_count, overview.hourly),
        "overview": overview_out(overview, search=search_url(category=category.slug)),
    }


@router.get("/explore/occupations/{occupation_id}", auth=None, response={200: OccupationDetailOut, 404: ProblemSchema})
def occupation_detail(request: HttpRequest, occupation_id: uuid.UUID):
    """An ESCO occupation: the featured skills it uses (derived, see `skills_source`) and the
    figures of the public projects that require at least one of them. Unknown id: 404
    `occupation_not_found`."""
    occupation = selectors.occupation_get(occupation_id=occupation_id)
    skills, overview = selectors.occupation_overview_cached(occupation=occupation)
    return {
        "occupation": _occupation(occupation),
        "skills": [_skill(s) for s in skills],
        "skills_source": SKILLS_SOURCE,
        "overview": overview_out(overview, search=""),
    }


@router.get("/me/explore/path", response={200: PathOut, **ERRORS})
def my_path(request: HttpRequest, occupation: str = ""):
    """Where an occupation can take the signed-in talent: its skills, which ones they have
    (`verified`: endorsed by an organization on approved work; `declared`: on their profile),
    the gap, and open projects requiring gap skills (not those already applied to). Talent only
    (others: 403 `talent_role_required`); `occupation` is an occupation id (422 `occupation_required`
    when missing, 404 `occupation_not_found` when unknown)."""
    require_talent(request.user)
    if not occupation.strip():
        raise ValidationFailed(
            _("Choose an occupation."),
            code="occupation_required",
            errors=[{"field": "occupation", "message": _("an occupation id")}],
        )
    path = career_path(user=request.user, occupation=selectors.occupation_get(occupation_id=occupation.strip()))
    return {
        "occupation": _occupation(path.occupation),
        "skills": [
            {"skill": _skill(s.skill), "status": s.status, "endorsements": s.endorsements, "declared_level": s.level}
            for s in path.skills
        ],
        "covered": len(path.have),
        "gap": [s.skill.label for s in path.gap],
        "projects": [
            {
                "id": g.project.pk,
                "title": g.project.title,
                "organization": g.project.organization.name,
                "closes": g.closes,
            }
            for g in path.projects
        ],
        "history_url": reverse("credentials:dashboard"),
    }
