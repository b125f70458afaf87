"""JSON API of the set-up steps: an organization's payment method and a talent's payout account.

The hosted steps happen in a browser: ``…/setup`` and ``…/onboarding`` return the URL to open
(Stripe Checkout in setup mode, Stripe Connect onboarding), and ``…/complete`` records the result
once Stripe has sent the browser back. With the test provider there is no hosted page: ``url`` is
Stint's simulated page and ``complete`` records a simulated card/account (``simulated: true``).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext
from ninja import Router, Schema

from stint.core.api import ProblemSchema
from stint.core.errors import PermissionDenied
from stint.organizations.selectors import organization_get_for_member
from stint.payments import payment_methods, payout_accounts
from stint.payments.providers import ProviderUnavailable
from stint.payments.providers.stripe_setup import StripeSetupFailed

router = Router(tags=["payments"])
ERRORS = {400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema}
ERRORS_422 = {**ERRORS, 422: ProblemSchema, 502: ProblemSchema, 503: ProblemSchema}


class PaymentMethodOut(Schema):
    ready: bool
    provider: str
    simulated: bool
    test_mode: bool
    label: str


class PayoutAccountOut(Schema):
    ready: bool
    provider: str
    simulated: bool
    test_mode: bool
    onboarding_started: bool


class SetupIn(Schema):
    return_url: str = ""
    cancel_url: str = ""


class SetupOut(Schema):
    url: str
    simulated: bool


class PaymentMethodCompleteIn(Schema):
    session_id: str = ""
    card_number: str = ""


def _organization(request: HttpRequest, organization_id: uuid.UUID) -> Any:
    organization, _ = organization_get_for_member(user=request.user, organization_id=organization_id)
    return organization


def _require_talent(user: Any) -> None:
    if getattr(user, "role", None) != "talent":
        raise PermissionDenied(gettext("Only talent accounts receive payouts."), code="talent_only")


def _absolute(request: HttpRequest, url: str, fallback: str) -> str:
    if url.startswith("https://") or url.startswith("http://"):
        return url[:2000]
    return request.build_absolute_uri(fallback)


def _unavailable(exc: ProviderUnavailable) -> StripeSetupFailed:
    return StripeSetupFailed(
        gettext("Stripe could not be reached; please try again."), code="provider_unavailable", status=503
    )


@router.get("/organizations/{organization_id}/payment-method", response={200: PaymentMethodOut, **ERRORS})
def payment_method_get(request: HttpRequest, organization_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """The organization's payment method: `ready` is true once one is on file (members only)."""
    return payment_methods.payment_method_data(organization=_organization(request, organization_id))


@router.post("/organizations/{organization_id}/payment-method/setup", response={200: SetupOut, **ERRORS_422})
def payment_method_setup(request: HttpRequest, organization_id: uuid.UUID, payload: SetupIn):  # type: ignore[no-untyped-def]
    """Start adding a card: open `url` in a browser. With Stripe it is Stripe's hosted Checkout
    (setup mode), which returns to `return_url` with `session_id`; then call `…/complete`. With
    the test provider `url` is Stint's simulated page (`simulated: true`)."""
    organization = _organization(request, organization_id)
    page = reverse("payments:payment_method", args=[organization.pk])
    back = _absolute(request, payload.return_url, reverse("payments:payment_method_return", args=[organization.pk]))
    try:
        url = payment_methods.payment_method_setup_start(
            actor=request.user,
            organization=organization,
            success_url=back,
            cancel_url=_absolute(request, payload.cancel_url, page),
        )
    except ProviderUnavailable as exc:
        raise _unavailable(exc) from exc
    if not url:
        return {"url": request.build_absolute_uri(page), "simulated": True}
    return {"url": url, "simulated": False}


@router.post("/organizations/{organization_id}/payment-method/complete", response={200: PaymentMethodOut, **ERRORS_422})
def payment_method_complete(request: HttpRequest, organization_id: uuid.UUID, payload: PaymentMethodCompleteIn):  # type: ignore[no-untyped-def]
    """Record the card: with Stripe, send the Checkout `session_id` (the session must be complete
    and belong to this organization); with the test provider, send a test `card_number`
    (`4242424242424242` accepted, `4000000000000002` always declined)."""
    organization = _organization(request, organization_id)
    if payment_methods.payment_method_data(organization=organization)["simulated"]:
        payment_methods.payment_method_simulate(
            actor=request.user, organization=organization, card_number=payload.card_number
        )
    else:
        try:
            payment_methods.payment_method_stripe_complete(
                actor=request.user, organization=organization, session_id=payload.session_id
            )
        except ProviderUnavailable as exc:
            raise _unavailable(exc) from exc
    return payment_methods.payment_method_data(organization=organization)


@router.get("/me/payout-account", response={200: PayoutAccountOut, **ERRORS})
def payout_account_get(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Your payout account (talent only): `ready` is true once payouts can be sent to it."""
    _require_talent(request.user)
    return payout_accounts.payout_account_data(user=request.user)


@router.post("/me/payout-account/onboarding", response={200: SetupOut, **ERRORS_422})
def payout_account_onboarding(request: HttpRequest, payload: SetupIn):  # type: ignore[no-untyped-def]
    """Start connecting a payout account (talent only): open `url` in a browser. With Stripe it is
    Stripe Connect's hosted onboarding, which returns to `return_url`; then call `…/complete`. With
    the test provider `url` is Stint's simulated page (`simulated: true`)."""
    _require_talent(request.user)
    page = reverse("payments:payout_account")
    back = _absolute(request, payload.return_url, reverse("payments:payout_account_return"))
    refresh = _absolute(request, payload.cancel_url, f"{page}?{urlencode({'next': page})}")
    try:
        url = payout_accounts.payout_account_onboarding_start(user=request.user, return_url=back, refresh_url=refresh)
    except ProviderUnavailable as exc:
        raise _unavailable(exc) from exc
    if not url:
        return {"url": request.build_absolute_uri(page), "simulated": True}
    return {"url": url, "simulated": False}


@router.post("/me/payout-account/complete", response={200: PayoutAccountOut, **ERRORS_422})
def payout_account_complete(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Finish connecting (talent only): with Stripe, asks Stripe whether the account can receive
    payouts and records it (`ready`); with the test provider, records a simulated account."""
    _require_talent(request.user)
    if payout_accounts.payout_account_data(user=request.user)["simulated"]:
        payout_accounts.payout_account_simulate(user=request.user)
    else:
        try:
            payout_accounts.payout_account_refresh(user=request.user)
        except ProviderUnavailable as exc:
            raise _unavailable(exc) from exc
    return payout_accounts.payout_account_data(user=request.user)
