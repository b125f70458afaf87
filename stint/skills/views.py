from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stint.core.errors import ApplicationError
from stint.core.htmx import render_partial
from stint.skills import selectors

TEMPLATE = "skills/search.html"


@require_GET
def skill_browse(request: HttpRequest) -> HttpResponse:
    """Every category and its skills, with links to ESCO: readable without JavaScript."""
    return render(request, "skills/browse.html", {"groups": selectors.categories_with_skills()})


@require_GET
def skill_search(request: HttpRequest) -> HttpResponse:
    """Search results: an htmx partial (``<ul role="listbox">`` of options) or, without htmx, a page."""
    q = request.GET.get("q", "")[:100]
    category = request.GET.get("category") or None
    try:
        limit = int(request.GET.get("limit", "10"))
    except ValueError:
        limit = 10
    error = ""
    hits: list[selectors.SkillHit] = []
    try:
        if category:
            selectors.category_get(slug=category)
        hits = selectors.skill_search(q, limit=limit, category=category)
    except ApplicationError as exc:
        error = exc.message
    context = {
        "q": q,
        "category": category or "",
        "hits": hits,
        "error": error,
        "categories": selectors.category_list() if not getattr(request, "htmx", False) else [],
        "listbox_id": request.GET.get("listbox", "skill-options")[:60],
    }
    return render_partial(request, TEMPLATE, "options", context, status=422 if error else 200)
