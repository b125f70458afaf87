"""Stripe's hosted set-up flows, over the adapter's HTTP call (no SDK).

* A company's payment method: a Customer per organization, then a Checkout Session in ``setup``
  mode (Stripe's hosted card form; the card never touches Stint). On return, the session is read
  back with its SetupIntent expanded: the SetupIntent's payment method is what ``charge`` uses.
* A talent's payout account: an Express connected account, then an Account Link
  (``account_onboarding``, Stripe's hosted onboarding). On return, the account is read back:
  ``payouts_enabled`` says whether transfers may be sent to it.

Every function returns plain data or raises ``StripeSetupFailed`` (a problem+json ``code``);
network and 5xx errors raise ``ProviderUnavailable`` like the rest of the adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.utils.translation import gettext, gettext_lazy

from stint.core.errors import ApplicationError
from stint.payments.providers.stripe import StripeProvider


class StripeSetupFailed(ApplicationError):
    code = "provider_setup_failed"
    status = 502
    title = cast(str, gettext_lazy("The payment provider refused the set-up step"))  # translated when rendered


def _checked(status: int, body: dict[str, Any], what: str) -> dict[str, Any]:
    if status >= 400:
        reason = str((body.get("error") or {}).get("message") or f"Stripe refused to {what}.")
        raise StripeSetupFailed(reason[:500])
    return body


@dataclass(frozen=True)
class SavedCard:
    customer_id: str
    payment_method_id: str
    label: str


def customer_create(provider: StripeProvider, *, organization_id: str, name: str) -> str:
    status, body = provider._request(
        "POST",
        "/v1/customers",
        {"name": name[:250], "metadata[stint_organization]": organization_id},
        f"stint-customer:{organization_id}",
    )
    return str(_checked(status, body, "create the customer")["id"])


def setup_session_create(
    provider: StripeProvider,
    *,
    customer_id: str,
    organization_id: str,
    currency: str,
    success_url: str,
    cancel_url: str,
) -> str:
    """A Checkout Session in setup mode; returns the hosted page's URL. ``success_url`` gets
    ``session_id={CHECKOUT_SESSION_ID}`` appended, which Stripe fills in."""
    joiner = "&" if "?" in success_url else "?"
    status, body = provider._request(
        "POST",
        "/v1/checkout/sessions",
        {
            "mode": "setup",
            "customer": customer_id,
            "currency": currency.lower(),
            "payment_method_types[0]": "card",
            "success_url": f"{success_url}{joiner}session_id={{CHECKOUT_SESSION_ID}}",
            "cancel_url": cancel_url,
            "metadata[stint_organization]": organization_id,
        },
        "",
    )
    body = _checked(status, body, "start the card set-up")
    if not body.get("url"):
        raise StripeSetupFailed(gettext("Stripe gave no set-up page."))
    return str(body["url"])


def setup_session_result(provider: StripeProvider, *, session_id: str, customer_id: str) -> SavedCard:
    """Read a finished setup session back; refuses a session of another customer or an unfinished one."""
    status, body = provider._request(
        "GET",
        f"/v1/checkout/sessions/{session_id}",
        {"expand[0]": "setup_intent.payment_method"},
        "",
    )
    session = _checked(status, body, "read the set-up session")
    if str(session.get("customer") or "") != customer_id or session.get("mode") != "setup":
        raise StripeSetupFailed(
            gettext("This set-up session belongs to someone else."), code="setup_session_invalid", status=422
        )
    intent = session.get("setup_intent") or {}
    if session.get("status") != "complete" or not isinstance(intent, dict) or intent.get("status") != "succeeded":
        raise StripeSetupFailed(gettext("The card set-up was not completed."), code="setup_incomplete", status=409)
    method = intent.get("payment_method") or {}
    method_id = method.get("id") if isinstance(method, dict) else method
    if not method_id:
        raise StripeSetupFailed(gettext("The set-up gave no payment method."), code="setup_incomplete", status=409)
    card = (method.get("card") or {}) if isinstance(method, dict) else {}
    label = f"{str(card.get('brand', 'card')).title()} •••• {card.get('last4', '')}".strip() if card else "Card"
    return SavedCard(customer_id=customer_id, payment_method_id=str(method_id), label=label)


def connect_account_create(provider: StripeProvider, *, user_id: str, email: str) -> str:
    status, body = provider._request(
        "POST",
        "/v1/accounts",
        {
            "type": "express",
            "email": email,
            "capabilities[transfers][requested]": "true",
            "metadata[stint_user]": user_id,
        },
        f"stint-connect-account:{user_id}",
    )
    return str(_checked(status, body, "create the payout account")["id"])


def onboarding_link_create(provider: StripeProvider, *, account_id: str, return_url: str, refresh_url: str) -> str:
    status, body = provider._request(
        "POST",
        "/v1/account_links",
        {"account": account_id, "type": "account_onboarding", "return_url": return_url, "refresh_url": refresh_url},
        "",
    )
    body = _checked(status, body, "start the payout account onboarding")
    if not body.get("url"):
        raise StripeSetupFailed(gettext("Stripe gave no onboarding page."))
    return str(body["url"])


def account_payouts_enabled(provider: StripeProvider, *, account_id: str) -> bool:
    status, body = provider._request("GET", f"/v1/accounts/{account_id}", {}, "")
    account = _checked(status, body, "read the payout account")
    return bool(account.get("payouts_enabled")) and bool(account.get("details_submitted"))
