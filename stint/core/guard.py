"""Refuse hostile input at the door, before any view, form or query sees it (docs/api.md, "Hostile input").

``RequestGuardMiddleware`` answers, for every path (the API with ``application/problem+json``, pages
with the plain 400/413 page):

* ``400 invalid_characters``: a NUL character in the path, the query string, a header or cookie, a
  form field, a file name or a JSON string (``\\u0000``). PostgreSQL cannot store NUL in text, and no
  legitimate input contains it, so it is refused everywhere instead of field by field;
* ``400 malformed_body``: a form or multipart body that cannot be parsed (e.g. no boundary), or an
  invalid ``Content-Length``;
* ``413 request_too_large``: a declared or actual body larger than the limit (JSON and forms:
  ``DATA_UPLOAD_MAX_MEMORY_SIZE``; multipart uploads: ``STINT_MAX_UPLOAD_REQUEST_BYTES``), or too many
  fields or files.

Reading ``request.POST`` here is what every later layer would do anyway (the CSRF check does); the
parsed data is cached on the request, so views see the same values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext
from django.views.defaults import bad_request

from stint.core.problem import problem_response

# A JSON ``\u0000`` escape, i.e. preceded by an even number of backslashes (``\\u0000`` is the text "\u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def invalid_characters_problem(request: HttpRequest, where: str) -> HttpResponse:
    return problem_response(
        request,
        status=400,
        code="invalid_characters",
        title=gettext("The request contains a forbidden character"),
        detail=gettext("NUL characters are not accepted (%(where)s).") % {"where": where},
    )


def malformed_body_problem(request: HttpRequest, detail: str) -> HttpResponse:
    return problem_response(
        request, status=400, code="malformed_body", title=gettext("The request is malformed"), detail=detail
    )


def too_large_problem(request: HttpRequest) -> HttpResponse:
    return problem_response(
        request,
        status=413,
        code="request_too_large",
        title=gettext("The request is too large"),
        detail=gettext("The request body is larger than this server accepts, or has too many fields or files."),
    )


def _has_nul(value: Any) -> bool:
    return isinstance(value, str) and "\x00" in value


def _query_or_header_problem(request: HttpRequest) -> str | None:
    if "\x00" in request.path_info:
        return "path"
    for key, values in request.GET.lists():
        if _has_nul(key) or any(_has_nul(v) for v in values):
            return f"query parameter {key.replace(chr(0), '?')!r}"
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "CONTENT_LENGTH")) and _has_nul(value):
            return f"header {key}"
    return None


def _declared_length(request: HttpRequest) -> int | None:
    """The ``Content-Length`` as an int (0 if absent); None if it is not a number."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    try:
        length = int(raw)
    except ValueError:
        return None
    return length if length >= 0 else None


def _upload_limit(content_type: str) -> int:
    if content_type.startswith("multipart/"):
        return settings.STINT_MAX_UPLOAD_REQUEST_BYTES
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) or 2**62


def _form_problem(request: HttpRequest) -> str | None:
    for key, values in request.POST.lists():
        if _has_nul(key) or any(_has_nul(v) for v in values):
            return f"form field {key.replace(chr(0), '?')!r}"
    for key, files in request.FILES.lists():
        if _has_nul(key) or any(_has_nul(getattr(f, "name", "")) for f in files):
            return "file name"
    return None


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.check(request)
        if refusal is not None:
            return refusal
        return self.get_response(request)

    def check(self, request: HttpRequest) -> HttpResponse | None:
        try:
            return self._check(request)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
            # Also raised by the query string alone (more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters).
            return self._refuse(request, too_large_problem(request))
        except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError) as exc:
            return self._refuse(
                request,
                malformed_body_problem(request, gettext("The request cannot be parsed: %(error)s") % {"error": exc}),
            )

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        where = _query_or_header_problem(request)
        if where:
            return self._refuse(request, invalid_characters_problem(request, where))
        if request.method not in _BODY_METHODS:
            return None
        length = _declared_length(request)
        if length is None:
            return self._refuse(request, malformed_body_problem(request, gettext("Content-Length is not a number.")))
        content_type = (request.content_type or "").lower()
        if length > _upload_limit(content_type):
            return self._refuse(request, too_large_problem(request))
        where = self._body_problem(request, content_type)
        if where:
            return self._refuse(request, invalid_characters_problem(request, where))
        return None

    @staticmethod
    def _body_problem(request: HttpRequest, content_type: str) -> str | None:
        if content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            if b"\x00" in body or _JSON_NUL.search(body):
                return "JSON body"
            return None
        if request.method == "POST" and content_type in _FORM_TYPES:
            return _form_problem(request)
        return None

    @staticmethod
    def _refuse(request: HttpRequest, problem: HttpResponse) -> HttpResponse:
        if is_api(request):
            return problem
        if problem.status_code == 413:
            return HttpResponse("Request too large.", status=413, content_type="text/plain; charset=utf-8")
        return bad_request(request, SuspiciousOperation("Hostile input refused."))
