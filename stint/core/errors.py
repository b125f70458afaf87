"""Typed errors with stable codes. One handler renders them as problem+json (API) or messages (HTML)."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """Base for every error a user can cause. ``code`` is stable; tests assert on it."""

    code = "application_error"
    status = 400
    # Class-level titles are lazy: they come out in the language active when the problem is rendered.
    title: str | Promise = _("The request could not be completed")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        errors: list[dict[str, str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = str(message or self.title)
        if code:
            self.code = code
        if status:
            self.status = status
        self.errors = errors or []
        self.extra = extra or {}
        super().__init__(self.message)

    def as_problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"https://stint.dev/problems/{self.code.replace('_', '-')}",
            "title": str(self.title),
            "status": self.status,
            "detail": self.message,
            "code": self.code,
        }
        if instance:
            body["instance"] = instance
        if self.errors:
            body["errors"] = self.errors
        body.update(self.extra)
        return body


class ValidationFailed(ApplicationError):
    code = "validation_error"
    status = 422
    title = _("The data is not valid")


class NotFound(ApplicationError):
    code = "not_found"
    status = 404
    title = _("Not found")


class PermissionDenied(ApplicationError):
    code = "permission_denied"
    status = 403
    title = _("You are not allowed to do this")


class NotAuthenticated(ApplicationError):
    code = "not_authenticated"
    status = 401
    title = _("Authentication required")


class Conflict(ApplicationError):
    """The object is not in a state that allows this action (illegal transition, duplicate)."""

    code = "conflict"
    status = 409
    title = _("The request conflicts with the current state")


class RateLimited(ApplicationError):
    code = "rate_limited"
    status = 429
    title = _("Too many requests")


def field_errors_from_form(form: Any) -> list[dict[str, str]]:
    errors = []
    for field, messages in form.errors.get_json_data().items():
        for message in messages:
            errors.append({"field": field if field != "__all__" else "", "message": message["message"]})
    return errors
