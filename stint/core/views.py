from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and can answer. Checks nothing else, on purpose."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """The database answers and the task queue can be read."""
    checks: dict[str, str] = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - report any failure as not ready
        logger.warning("readyz: database check failed: %s", exc)
        checks["database"] = "error"
        ok = False
    try:
        from stint.core.taskqueue import queue_status

        checks["tasks"] = "ok"
        checks.update({f"tasks_{k}": str(v) for k, v in queue_status().items()})
    except Exception as exc:  # noqa: BLE001
        logger.warning("readyz: task queue check failed: %s", exc)
        checks["tasks"] = "error"
        ok = False
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from stint.core.problem import problem_response

        return problem_response(request, status=404, code="not_found", title="Not found")
    return render(request, "errors/404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        from stint.core.problem import problem_response

        return problem_response(request, status=500, code="server_error", title="Internal server error")
    # No context processors here on purpose: they may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)
