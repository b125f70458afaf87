from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stint.accounts import selectors, services
from stint.accounts.forms import PreferencesForm, TokenCreateForm
from stint.core.errors import ValidationFailed
from stint.core.timezones import picker_zone_names
from stint.core.types import AuthedRequest


@login_required
@require_http_methods(["GET", "HEAD"])
def account_view(request: HttpRequest) -> HttpResponse:
    """The person's account: who they are and where to manage security and notifications."""
    has_totp = selectors.user_has_mfa(user=request.user)
    return render(request, "accounts/account.html", {"has_totp": has_totp})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens_view(request: AuthedRequest) -> HttpResponse:
    """List the user's API tokens and create one; the secret is shown once, in this response only."""
    secret = None
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            _, secret = services.token_issue(user=request.user, name=form.cleaned_data["name"])
            form = TokenCreateForm()
    else:
        form = TokenCreateForm()
    tokens = selectors.token_list_for_user(user=request.user)
    response = render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "secret": secret})
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke_view(request: AuthedRequest, token_id: uuid.UUID) -> HttpResponse:
    token = selectors.token_get_for_user(user=request.user, token_id=token_id)
    services.token_revoke(token=token, actor=request.user)
    messages.success(
        request, _("The token “%(name)s” is revoked; it no longer works.") % {"name": token.name or token.prefix}
    )
    return redirect("accounts:tokens")


@login_required
@require_http_methods(["GET", "HEAD"])
def staff_mfa_required_view(request: HttpRequest) -> HttpResponse:
    """Where ``StaffMfaMiddleware`` sends staff without two-factor authentication."""
    if not getattr(request.user, "is_platform_staff", False) or selectors.user_has_mfa(user=request.user):
        return redirect("/")
    return render(request, "accounts/staff_mfa_required.html", status=403)


@require_http_methods(["GET", "HEAD", "POST"])
def admin_login_view(request: HttpRequest) -> HttpResponse:
    """``/admin/login/``: the Django admin has no login of its own. Staff sign in through allauth's
    login (rate limited, two-factor) and come back to ``next``; a POST here checks no password.
    A signed-in account that is not staff gets the 403 page instead of a redirect loop."""
    next_url = request.GET.get("next") or request.POST.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_staff:
            return redirect(next_url)
        raise DjangoPermissionDenied("Staff only.")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


@require_http_methods(["GET", "HEAD", "POST"])
def admin_password_change_view(request: HttpRequest) -> HttpResponse:
    """``/admin/password_change/`` → allauth's page, which revokes API tokens and sends the email."""
    return redirect("account_change_password")


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    """The language for the next requests of this browser (signed in or not); blank forgets it."""
    if not language:
        response.delete_cookie(
            settings.LANGUAGE_COOKIE_NAME, path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN
        )
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
    )


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return "/"


@require_POST
def set_language_view(request: HttpRequest) -> HttpResponse:
    """The footer's language switcher (no JavaScript needed): remember the language in the
    ``stint_language`` cookie and, for a signed-in person, in their account; then go back to the
    same page (``next``, a local URL; URLs never carry the language). An unknown language changes
    nothing."""
    language = request.POST.get("language", "")
    response = redirect(_safe_next(request, request.POST.get("next") or request.headers.get("Referer")))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.user_preferences_update(user=request.user, language=language)
    _set_language_cookie(response, language)
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences_view(request: AuthedRequest) -> HttpResponse:
    """Language (or the browser's), time zone (searchable list) and comparison currency."""
    user = request.user
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            try:
                services.user_preferences_update(
                    user=user,
                    language=form.cleaned_data["language"],
                    time_zone=form.cleaned_data["time_zone"],
                    currency=form.cleaned_data["currency"],
                )
            except ValidationFailed as exc:
                for error in exc.errors:
                    form.add_error(error["field"] or None, error["message"])
            else:
                language = form.cleaned_data["language"]
                if language:
                    translation.activate(language)  # the confirmation reads in the new language
                messages.success(request, _("Your preferences are saved."))
                response = redirect("accounts:preferences")
                _set_language_cookie(response, language)
                return response
    else:
        form = PreferencesForm(
            initial={"language": user.language, "time_zone": user.time_zone, "currency": user.currency}
        )
    return render(request, "accounts/preferences.html", {"form": form, "time_zones": picker_zone_names()})
