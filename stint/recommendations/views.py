"""HTML: the talent's recommendations page (same selector as ``GET /api/v1/me/recommendations``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stint.core.errors import PermissionDenied
from stint.core.languages import is_language
from stint.recommendations.selectors import recommend_projects_for_talent

PAGE_LIMIT = 20


@login_required
def recommendations_page(request: HttpRequest) -> HttpResponse:
    try:
        language = request.GET.get("language") or None
        recommendations = recommend_projects_for_talent(
            request.user, limit=PAGE_LIMIT, language=language if is_language(language) else None
        )
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    return render(request, "recommendations/page.html", {"recommendations": recommendations})
