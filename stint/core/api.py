"""Shared pieces of the JSON API: authentication, pagination and problem+json handlers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth
from pydantic import Field

from stint.core.dbtimeout import is_statement_timeout, timeout_problem
from stint.core.errors import ApplicationError
from stint.core.guard import malformed_body_problem, too_large_problem
from stint.core.openapi import StintOpenAPISchema

# Re-exported: the endpoints import them from here.
from stint.core.pagination import MAX_PAGE as MAX_PAGE
from stint.core.pagination import MAX_PAGE_SIZE as MAX_PAGE_SIZE
from stint.core.pagination import check_page as check_page
from stint.core.pagination import paginate as paginate
from stint.core.problem import error_to_problem, problem_response
from stint.core.schemas import AmountMinor

T = TypeVar("T")


# ``token → user or None``; the accounts app (which owns API tokens) sets it when Django starts
# (``AccountsConfig.ready``), so core, the bottom layer, does not import accounts.
_token_authenticator: Callable[[str], Any] | None = None


def set_token_authenticator(authenticator: Callable[[str], Any]) -> None:
    """Called once by the accounts app: how a bearer token finds its user."""
    global _token_authenticator
    _token_authenticator = authenticator


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer stint_…`` → the token's user (tokens are stored hashed)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if _token_authenticator is None:  # pragma: no cover - the accounts app is always installed
            raise RuntimeError("No token authenticator: is stint.accounts in INSTALLED_APPS?")
        user = _token_authenticator(token)
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The browser's session cookie, with Django's CSRF check."""


AUTH = [BearerTokenAuth(), BrowserSessionAuth()]


def allow_anonymous(request: HttpRequest) -> Any:
    """Last in the auth list of public endpoints: lets anonymous readers through, after the bearer
    token and the session had their chance to identify the caller (the OpenAPI marks such
    operations with an empty security requirement)."""
    return True


OPTIONAL_AUTH = [*AUTH, allow_anonymous]


class MoneySchema(Schema):
    amount_minor: int
    currency: str


class MoneyIn(Schema):
    """An amount a client sends: bounded (``stint.core.schemas.MAX_AMOUNT_MINOR``), ISO 4217 code."""

    amount_minor: AmountMinor
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217 code, e.g. USD")


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


class ProblemSchema(Schema):
    type: str
    title: str
    status: int
    detail: str
    code: str


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


class StrictJsonParser(Parser):
    """RFC 8259 JSON only: Python's parser accepts ``NaN``/``Infinity``, which no column can store."""

    def parse_body(self, request: HttpRequest) -> Any:
        return json.loads(request.body, parse_constant=_reject_constant)


class StintAPI(NinjaAPI):
    """The NinjaAPI with the strict parser and the truthful OpenAPI generator (``stint.core.openapi``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("parser", StrictJsonParser())
        super().__init__(**kwargs)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> StintOpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return StintOpenAPISchema(api=self, path_prefix=path_prefix)


# pydantic error types that mean "too many items" (a list longer than its documented maximum).
TOO_MANY_TYPES = {"too_long"}


def _loc_to_field(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "form", "payload", "file", "header")]
    return ".".join(parts)


def install_problem_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return error_to_problem(request, exc)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [{"field": _loc_to_field(e.get("loc", [])), "message": str(e.get("msg", ""))} for e in exc.errors]
        too_many = any(e.get("type") in TOO_MANY_TYPES for e in exc.errors)
        return problem_response(
            request,
            status=422,
            code="too_many_values" if too_many else "validation_error",
            title=gettext("Too many values") if too_many else gettext("The data is not valid"),
            detail="; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors),
            errors=errors,
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            request,
            status=401,
            code="not_authenticated",
            title=gettext("Authentication required"),
            detail=gettext("Send a valid bearer token or sign in."),
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(request, status=404, code="not_found", title=gettext("Not found"))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            # Ninja's "Cannot parse request body": not JSON, not UTF-8, or NaN/Infinity.
            return malformed_body_problem(request, gettext("The request body is not valid JSON (RFC 8259)."))
        code = {403: "csrf_failed" if "CSRF" in str(exc) else "permission_denied", 429: "rate_limited"}.get(
            exc.status_code, "http_error"
        )
        return problem_response(request, status=exc.status_code, code=code, title=str(exc), detail=str(exc))

    @api.exception_handler(OperationalError)
    def database_timeout(request: HttpRequest, exc: OperationalError) -> HttpResponse:
        if not is_statement_timeout(exc):
            raise exc
        return timeout_problem(request)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        # Raised while reading the body (too large, too many fields or files): the guard middleware
        # answers most of these before the view; this covers bodies read later.
        if isinstance(exc, RequestDataTooBig):
            return too_large_problem(request)
        return malformed_body_problem(request, str(exc) or gettext("The request is malformed."))

    @api.exception_handler(MultiPartParserError)
    def multipart_error(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return malformed_body_problem(
            request, gettext("The multipart body cannot be parsed: %(error)s") % {"error": exc}
        )
