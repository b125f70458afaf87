"""HTML pages of the set-up steps: a company's payment method, a talent's payout account.

``GET`` shows what is on file and the next step; ``POST`` either sends the browser to Stripe's
hosted page (Checkout in setup mode, Connect onboarding) or, with the test provider, records the
simulated method/account on a page that says it is simulated. ``next`` (a local path only) is
where the browser goes afterwards: the publish confirmation page sends companies here and back.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from stint.core.errors import ApplicationError
from stint.organizations.selectors import organization_get_for_member
from stint.payments import payment_methods, payout_accounts
from stint.payments.providers import ProviderUnavailable


def safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith("/"):
        return target
    return fallback


def _with_next(url: str, target: str) -> str:
    return f"{url}?{urlencode({'next': target})}"


@login_required
@require_http_methods(["GET", "POST"])
def payment_method(request: HttpRequest, organization_id: uuid.UUID) -> HttpResponse:
    organization, _ = organization_get_for_member(user=request.user, organization_id=organization_id)
    here = reverse("payments:payment_method", args=[organization.pk])
    target = safe_next(request, reverse("organizations:dashboard", args=[organization.pk]))
    context: dict[str, Any] = {
        "organization": organization,
        "method": payment_methods.payment_method_data(organization=organization),
        "test_cards": payment_methods.TEST_CARDS,
        "next": target,
        "error": "",
    }
    if request.method == "POST":
        try:
            if context["method"]["simulated"]:
                payment_methods.payment_method_simulate(
                    actor=request.user, organization=organization, card_number=request.POST.get("card_number", "")
                )
                messages.success(request, gettext("Simulated card recorded (test mode: no real card, no real money)."))
                return redirect(target)
            success = request.build_absolute_uri(reverse("payments:payment_method_return", args=[organization.pk]))
            url = payment_methods.payment_method_setup_start(
                actor=request.user,
                organization=organization,
                success_url=f"{success}?{urlencode({'next': target})}",
                cancel_url=request.build_absolute_uri(_with_next(here, target)),
            )
            return redirect(url)
        except (ApplicationError, ProviderUnavailable) as exc:
            context["error"] = getattr(exc, "message", "") or gettext("Stripe could not be reached; please try again.")
            return render(request, "payments/payment_method.html", context, status=422)
    return render(request, "payments/payment_method.html", context)


@login_required
def payment_method_return(request: HttpRequest, organization_id: uuid.UUID) -> HttpResponse:
    """Where Stripe's Checkout sends the browser back (``?session_id=cs_…``)."""
    organization, _ = organization_get_for_member(user=request.user, organization_id=organization_id)
    target = safe_next(request, reverse("organizations:dashboard", args=[organization.pk]))
    try:
        method = payment_methods.payment_method_stripe_complete(
            actor=request.user, organization=organization, session_id=request.GET.get("session_id", "")
        )
    except (ApplicationError, ProviderUnavailable) as exc:
        messages.error(
            request,
            gettext("The card was not added. %(reason)s")
            % {"reason": getattr(exc, "message", "") or gettext("Please try again.")},
        )
        return redirect(_with_next(reverse("payments:payment_method", args=[organization.pk]), target))
    messages.success(request, gettext("Card added: %(label)s.") % {"label": method.label})
    return redirect(target)


def _require_talent(request: HttpRequest) -> None:
    if getattr(request.user, "role", None) != "talent":
        raise PermissionDenied(gettext("Only talent accounts receive payouts."))


@login_required
@require_http_methods(["GET", "POST"])
def payout_account(request: HttpRequest) -> HttpResponse:
    _require_talent(request)
    target = safe_next(request, reverse("payments:earnings"))
    context: dict[str, Any] = {
        "account": payout_accounts.payout_account_data(user=request.user),
        "next": target,
        "error": "",
    }
    if request.method == "POST":
        try:
            if context["account"]["simulated"]:
                payout_accounts.payout_account_simulate(user=request.user)
                messages.success(
                    request, gettext("Simulated payout account connected (test mode: no bank, no real money).")
                )
                return redirect(target)
            back = request.build_absolute_uri(_with_next(reverse("payments:payout_account_return"), target))
            again = request.build_absolute_uri(_with_next(reverse("payments:payout_account"), target))
            url = payout_accounts.payout_account_onboarding_start(user=request.user, return_url=back, refresh_url=again)
            return redirect(url)
        except (ApplicationError, ProviderUnavailable) as exc:
            context["error"] = getattr(exc, "message", "") or gettext("Stripe could not be reached; please try again.")
            return render(request, "payments/payout_account.html", context, status=422)
    return render(request, "payments/payout_account.html", context)


@login_required
def payout_account_return(request: HttpRequest) -> HttpResponse:
    """Where Stripe's onboarding sends the browser back: ask Stripe whether payouts are enabled."""
    _require_talent(request)
    target = safe_next(request, reverse("payments:earnings"))
    try:
        account = payout_accounts.payout_account_refresh(user=request.user)
    except (ApplicationError, ProviderUnavailable) as exc:
        messages.error(
            request,
            gettext("The payout account is not connected. %(reason)s") % {"reason": getattr(exc, "message", "")},
        )
        return redirect(_with_next(reverse("payments:payout_account"), target))
    if account.payouts_enabled:
        messages.success(request, gettext("Payout account connected: you can request payouts."))
        return redirect(target)
    messages.info(
        request, gettext("Stripe still needs some details before payouts can be sent. Continue the onboarding.")
    )
    return redirect(_with_next(reverse("payments:payout_account"), target))
