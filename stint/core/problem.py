"""Render errors as RFC 9457 ``application/problem+json``."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise

from stint.core.errors import ApplicationError

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(
    request: HttpRequest | None,
    *,
    status: int,
    code: str,
    title: str | Promise,
    detail: str | Promise = "",
    errors: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"https://stint.dev/problems/{code.replace('_', '-')}",
        "title": str(title),
        "status": status,
        "detail": str(detail or title),
        "code": code,
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    response = HttpResponse(json.dumps(body, default=str), status=status, content_type=PROBLEM_CONTENT_TYPE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="stint"'
    return response


def error_to_problem(request: HttpRequest | None, exc: ApplicationError) -> HttpResponse:
    return problem_response(
        request,
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.message,
        errors=exc.errors,
        extra=exc.extra,
    )
