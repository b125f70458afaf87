from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from stint.accounts import selectors, services
from stint.accounts.forms import TokenCreateForm


@login_required
@require_http_methods(["GET", "HEAD"])
def account_view(request: HttpRequest) -> HttpResponse:
    """The person's account: who they are and where to manage security and notifications."""
    from allauth.mfa.models import Authenticator

    has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(request, "accounts/account.html", {"has_totp": has_totp})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens_view(request: HttpRequest) -> HttpResponse:
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
def token_revoke_view(request: HttpRequest, token_id: uuid.UUID) -> HttpResponse:
    token = selectors.token_get_for_user(user=request.user, token_id=token_id)
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, f"The token “{token.name or token.prefix}” is revoked; it no longer works.")
    return redirect("accounts:tokens")
