"""The NinjaAPI at /api/v1/: every app contributes a router from its ``endpoints.py``."""

from __future__ import annotations

from stint.core.api import AUTH, StintAPI, install_problem_handlers

api = StintAPI(
    title="Stint API",
    version="1.0.0",
    description=(
        "The JSON API of Stint, the open micro-internship marketplace. Authenticate with "
        "`Authorization: Bearer <token>` (from `POST /auth/token`) or the browser session with CSRF. "
        "Errors are `application/problem+json` with a stable `code`. Money is "
        '`{"amount_minor": int, "currency": "ISO 4217"}`. Lists take `page` and `page_size`.'
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_problem_handlers(api)


def _register() -> None:
    from importlib import import_module

    for app in (
        "accounts",
        "notifications",
        "skills",
        "organizations",
        "talent",
        "projects",
        "applications",
        "messaging",
        "engagements",
        "payments",
        "matching",
        "planner",
        "recommendations",
        "credentials",
        "advisors",
        "talentpool",
        "coach",
        "explore",
        "privacy",
        "flows",
    ):
        try:
            module = import_module(f"stint.{app}.endpoints")
        except ModuleNotFoundError as exc:
            if exc.name != f"stint.{app}.endpoints":
                raise
            continue
        api.add_router("", module.router)


_register()
