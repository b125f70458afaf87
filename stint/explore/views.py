"""HTML pages of career exploration. Field and occupation pages are public (anonymous visitors can
read them); the career path is the signed-in talent's own. They call the same selectors as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stint.core.errors import NotFound
from stint.explore import charts, selectors
from stint.explore.path import DECLARED, MISSING, VERIFIED, career_path, target_role_occupations
from stint.skills.occupations import occupation_search

MAX_QUERY = 100


def search_url(**params: Any) -> str:
    """A link into the project search with these filters (``/search/?category=…&skills=…``)."""
    return "/search/?" + urlencode({k: v for k, v in params.items() if v}, doseq=True)


def _occupations(request: HttpRequest) -> tuple[str, list[Any]]:
    q = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    return q, (occupation_search(q, limit=10) if q else [])


def _overview_context(overview: selectors.Overview, *, prefix: str, search: str) -> dict[str, Any]:
    for org in overview.organizations:
        org["href"] = reverse("organizations:public", args=[org["slug"]]) if org["slug"] else ""
    return {
        "overview": overview,
        "search_all": search,
        "trend_chart": charts.trend_chart(
            key=f"{prefix}-trend", title=_("Projects published per week (last 12 weeks)"), weeks=overview.trend
        ),
        "skills_chart": charts.ranked_chart(
            key=f"{prefix}-skills",
            title=_("Skills most asked for (projects requiring each)"),
            rows=[(s["label"], s["projects"]) for s in overview.skills],
        ),
        "organizations_chart": charts.ranked_chart(
            key=f"{prefix}-organizations",
            title=_("Organizations hiring (open projects)"),
            rows=[(o["name"], o["projects"]) for o in overview.organizations],
        ),
    }


@require_GET
def explore_index(request: HttpRequest) -> HttpResponse:
    """Every field with its open projects and typical hourly rate; a search for occupations."""
    q, occupations = _occupations(request)
    fields = selectors.field_list_cached()
    for row in fields:
        row["search"] = search_url(category=row["category"].slug)
    return render(request, "explore/index.html", {"fields": fields, "q": q, "occupations": occupations})


@require_GET
def field_page(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.field_get(slug=slug)
    overview = selectors.field_overview_cached(category=category)
    context = _overview_context(overview, prefix="field", search=search_url(category=category.slug))
    for skill in overview.skills:
        skill["href"] = search_url(category=category.slug, skills=skill["slug"])
    return render(request, "explore/field.html", {"category": category, **context})


@require_GET
def occupation_page(request: HttpRequest, occupation_id: str) -> HttpResponse:
    occupation = selectors.occupation_get(occupation_id=occupation_id)
    skills, overview = selectors.occupation_overview_cached(occupation=occupation)
    context = _overview_context(overview, prefix="occupation", search="")
    for skill in overview.skills:
        skill["href"] = search_url(skills=skill["slug"])
    return render(
        request,
        "explore/occupation.html",
        {
            "occupation": occupation,
            "occupation_skills": [{"skill": s, "search": search_url(skills=s.slug)} for s in skills],
            **context,
        },
    )


def talent_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in talent only: anonymous visitors go to the login page, other roles get 403."""

    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", None) != "talent":
            raise DjangoPermissionDenied(_("Career paths are for talent accounts."))
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_GET
@talent_required
def path_page(request: HttpRequest) -> HttpResponse:
    """'Where can this take me?' for the occupation chosen (``?occupation=<id>``), or a search for
    one; before a choice, the occupations matching the talent's target roles are suggested."""
    q, occupations = _occupations(request)
    chosen = (request.GET.get("occupation") or "").strip()
    path = None
    if chosen:
        try:
            path = career_path(user=request.user, occupation=selectors.occupation_get(occupation_id=chosen))
        except NotFound:
            path = None
    suggestions = [] if (chosen or q) else target_role_occupations(user=request.user)
    return render(
        request,
        "explore/path.html",
        {
            "q": q,
            "occupations": occupations,
            "chosen": chosen,
            "path": path,
            "suggestions": suggestions,
            "VERIFIED": VERIFIED,
            "DECLARED": DECLARED,
            "MISSING": MISSING,
        },
    )
