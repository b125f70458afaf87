from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from stint.accounts import selectors, services
from stint.accounts.forms import TokenCreateForm
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
    messages.success(request, f"The token “{token.name or token.prefix}” is revoked; it no longer works.")
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
