"""Staff accounts must have two-factor authentication before they see any page.

Staff powers are spread over many pages (Django admin, moderation, verification, disputes, task
queue), so the rule is enforced here, in one place, rather than page by page: a signed-in staff
account without TOTP reaches only allauth's own pages (to set up TOTP, change the password, sign
out) and the page that explains the rule; everything else redirects there. Every way to sign in
with a password asks for the second factor once it exists (allauth's login, which the admin login
redirects to, and ``POST /api/v1/auth/token``).

The JSON API keeps working with bearer tokens, so ``createsuperuser`` + ``POST /auth/token`` stay
usable for scripts (API.md); a staff *browser session* without TOTP is refused there too
(``403 staff_mfa_required``), so the session cannot be used to go around the pages.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from stint.accounts.selectors import user_has_mfa
from stint.core.problem import problem_response

# allauth (login, logout, two-factor setup, password, email), the explanation page, probes.
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/readyz")


class StaffMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        path = request.path
        if path.startswith(EXEMPT_PREFIXES):
            return None
        user = getattr(request, "user", None)
        if not (getattr(user, "is_authenticated", False) and getattr(user, "is_platform_staff", False)):
            return None
        required_page = reverse("accounts:staff_mfa_required")
        if path == required_page or user_has_mfa(user=user):
            return None
        if path.startswith("/api/"):
            if request.headers.get("Authorization", "").lower().startswith("bearer "):
                # The token decides who this is; the session must not be the fallback.
                request.user = AnonymousUser()
                return None
            return problem_response(
                request,
                status=403,
                code="staff_mfa_required",
                title=gettext("Staff accounts need two-factor authentication"),
                detail=gettext(
                    "Set up an authenticator app at /accounts/2fa/ before using staff powers in the "
                    "browser, or use a bearer token from POST /api/v1/auth/token."
                ),
            )
        return HttpResponseRedirect(required_page)


class PreferencesMiddleware:
    """A signed-in user's own language and time zone win over the browser's (docs/i18n.md).

    Runs after authentication; ``LocaleMiddleware`` has already chosen a language from the cookie or
    ``Accept-Language`` and, on the way out, names it in ``Content-Language``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        zone = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
        if zone:
            try:
                timezone.activate(zoneinfo.ZoneInfo(zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
