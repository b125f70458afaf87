"""Shared pieces of the JSON API: authentication, pagination and problem+json handlers."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from stint.core.errors import ApplicationError
from stint.core.problem import error_to_problem, problem_response

T = TypeVar("T")


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer stint_…`` → the token's user (tokens are stored hashed)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from stint.accounts.services import token_authenticate

        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """The browser's session cookie, with Django's CSRF check."""


AUTH = [BearerTokenAuth(), BrowserSessionAuth()]


class MoneySchema(Schema):
    amount_minor: int
    currency: str


class Page(Schema, Generic[T]):
    items: list[T]
    count: int


class ProblemSchema(Schema):
    type: str
    title: str
    status: int
    detail: str
    code: str


def paginate(queryset: Any, page: int, page_size: int, max_page_size: int = 100) -> tuple[list[Any], int]:
    page = max(1, page)
    page_size = max(1, min(page_size, max_page_size))
    count = queryset.count()
    start = (page - 1) * page_size
    return list(queryset[start : start + page_size]), count


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
        return problem_response(
            request,
            status=422,
            code="validation_error",
            title="The data is not valid",
            detail="; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors),
            errors=errors,
        )

    @api.exception_handler(AuthenticationError)
    def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem_response(
            request,
            status=401,
            code="not_authenticated",
            title="Authentication required",
            detail="Send a valid bearer token or sign in.",
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(request, status=404, code="not_found", title="Not found")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {403: "csrf_failed" if "CSRF" in str(exc) else "permission_denied", 429: "rate_limited"}.get(
            exc.status_code, "http_error"
        )
        return problem_response(request, status=exc.status_code, code=code, title=str(exc), detail=str(exc))
