from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and can answer. Checks nothing else, on purpose."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Whether Stint as a whole can do its work: 200 when every check passes, 503 otherwise, with
    each check's status and figures (``stint.core.readiness``; docs/operations.md). ``?checks=a,b``
    runs only those checks (e.g. ``database,cache`` for a web node's readiness probe)."""
    from stint.core.readiness import CHECKS, readiness

    names = [n.strip() for n in request.GET.get("checks", "").split(",") if n.strip()] or None
    unknown = sorted(set(names or []) - set(CHECKS))
    if unknown:
        return JsonResponse({"status": "error", "unknown_checks": unknown, "checks": sorted(CHECKS)}, status=400)
    ok, checks = readiness(names)
    return JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from stint.core.problem import problem_response

        return problem_response(request, status=404, code="not_found", title=gettext("Not found"))
    return render(request, "errors/404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        from stint.core.problem import problem_response

        return problem_response(request, status=500, code="server_error", title=gettext("Internal server error"))
    # No context processors here on purpose: they may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)
