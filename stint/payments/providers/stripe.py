"""Stripe adapter: Connect with separate charges and transfers, over plain HTTPS (no SDK).

* ``charge``: a confirmed, off-session PaymentIntent on the organization's saved customer and
  payment method (``PaymentMethod.provider_customer_id`` / ``provider_payment_method_id``), with the
  project reference as ``transfer_group``.
* ``refund``: a Refund of that PaymentIntent.
* ``payout``: a Transfer from the platform balance to the talent's connected account
  (``PayoutAccount.provider_account_id``); Stripe then pays the connected account out to its bank.
* ``parse_event``: verifies ``Stripe-Signature`` (``t=…,v1=…``: HMAC-SHA256 of ``"{t}.{payload}"``
  with the endpoint's signing secret, 300 s tolerance) and parses the event.

Enabled only when ``STRIPE_SECRET_KEY`` and ``STRIPE_WEBHOOK_SECRET`` are set (settings or env).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from stint.core.money import Money
from stint.payments.providers.base import (
    FAILED,
    PENDING,
    SUCCEEDED,
    InvalidSignature,
    PaymentProvider,
    ProviderEvent,
    ProviderResult,
    ProviderUnavailable,
)

API_BASE = "https://api.stripe.com"
SIGNATURE_TOLERANCE_SECONDS = 300
TIMEOUT_SECONDS = 20


def stripe_setting(name: str) -> str:
    value = getattr(settings, name, None) or os.environ.get(name, "")
    return str(value).strip()


def stripe_configured() -> bool:
    return bool(stripe_setting("STRIPE_SECRET_KEY") and stripe_setting("STRIPE_WEBHOOK_SECRET"))


def compute_signature(payload: bytes, timestamp: int, secret: str) -> str:
    signed = f"{timestamp}.".encode() + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def verify_signature(
    payload: bytes,
    header: str,
    secret: str,
    *,
    tolerance: int = SIGNATURE_TOLERANCE_SECONDS,
    now: float | None = None,
) -> None:
    """Check a ``Stripe-Signature`` header; raise ``InvalidSignature`` unless one ``v1`` signature
    matches and the timestamp is within ``tolerance`` seconds of now."""
    if not header or not secret:
        raise InvalidSignature("Missing Stripe-Signature header.")
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise InvalidSignature("Malformed timestamp in Stripe-Signature.")
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        raise InvalidSignature("Stripe-Signature needs t= and v1=.")
    expected = compute_signature(payload, timestamp, secret)
    if not any(hmac.compare_digest(expected, sig) for sig in signatures):
        raise InvalidSignature("No signature matches the payload.")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise InvalidSignature("The signature timestamp is outside the tolerance.", code="signature_expired")


def _status_of_intent(status: str) -> str:
    if status == "succeeded":
        return SUCCEEDED
    if status in ("canceled", "requires_payment_method"):
        return FAILED
    return PENDING


class StripeProvider(PaymentProvider):
    name = "stripe"
    is_test = False

    def __init__(self, secret_key: str | None = None, webhook_secret: str | None = None) -> None:
        self.secret_key = secret_key or stripe_setting("STRIPE_SECRET_KEY")
        self.webhook_secret = webhook_secret or stripe_setting("STRIPE_WEBHOOK_SECRET")
        self.is_test = self.secret_key.startswith("sk_test_")

    # --- HTTP ------------------------------------------------------------------------------------
    def _request(
        self, method: str, path: str, data: dict[str, Any], idempotency_key: str
    ) -> tuple[int, dict[str, Any]]:
        """One API call; returns (HTTP status, JSON body). Network and 5xx errors raise
        ``ProviderUnavailable`` (outcome unknown: the operation stays pending)."""
        body = urllib.parse.urlencode(data).encode()
        url = f"{API_BASE}{path}"
        if method != "POST" and data:
            url = f"{url}?{body.decode()}"
        headers = {
            "Authorization": f"Bearer {self.secret_key}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Stripe-Version": "2024-06-20",
        }
        if idempotency_key:  # POST only: Stripe ignores the key on GET
            headers["Idempotency-Key"] = idempotency_key
        request = urllib.request.Request(  # noqa: S310 - fixed https base URL
            url, data=body if method == "POST" else None, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise ProviderUnavailable(f"Stripe answered {exc.code}") from exc
            try:
                return exc.code, json.loads(exc.read() or b"{}")
            except ValueError:
                return exc.code, {}
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ProviderUnavailable(str(exc)) from exc

    @staticmethod
    def _failure(body: dict[str, Any], fallback: str) -> str:
        error = body.get("error") or {}
        return str(error.get("message") or fallback)[:500]

    # --- operations ------------------------------------------------------------------------------
    def charge(self, organization: Any, amount: Money, reference: str, idempotency_key: str) -> ProviderResult:
        from stint.payments.models import PaymentMethod

        method = PaymentMethod.objects.filter(organization=organization, provider=self.name).first()
        if method is None or not method.provider_customer_id or not method.provider_payment_method_id:
            return ProviderResult(FAILED, "", "The organization has no saved card.")
        status, body = self._request(
            "POST",
            "/v1/payment_intents",
            {
                "amount": amount.amount_minor,
                "currency": amount.currency.lower(),
                "customer": method.provider_customer_id,
                "payment_method": method.provider_payment_method_id,
                "confirm": "true",
                "off_session": "true",
                "transfer_group": reference,
                "metadata[stint_reference]": reference,
                "metadata[stint_idempotency_key]": idempotency_key,
            },
            idempotency_key,
        )
        if status >= 400:
            intent = (body.get("error") or {}).get("payment_intent") or {}
            return ProviderResult(FAILED, str(intent.get("id", "")), self._failure(body, "The card was declined."))
        return ProviderResult(_status_of_intent(str(body.get("status", ""))), str(body.get("id", "")))

    def refund(
        self, organization: Any, amount: Money, reference: str, idempotency_key: str, charge_ref: str = ""
    ) -> ProviderResult:
        if not charge_ref:
            return ProviderResult(FAILED, "", "There is no charge to refund.")
        status, body = self._request(
            "POST",
            "/v1/refunds",
            {
                "payment_intent": charge_ref,
                "amount": amount.amount_minor,
                "metadata[stint_reference]": reference,
            },
            idempotency_key,
        )
        if status >= 400:
            return ProviderResult(FAILED, "", self._failure(body, "The refund was refused."))
        state = str(body.get("status", ""))
        mapped = SUCCEEDED if state == "succeeded" else FAILED if state in ("failed", "canceled") else PENDING
        return ProviderResult(mapped, str(body.get("id", "")))

    def payout(self, user: Any, amount: Money, reference: str, idempotency_key: str) -> ProviderResult:
        from stint.payments.models import PayoutAccount

        account = PayoutAccount.objects.filter(user=user, provider=self.name).first()
        if account is None or not account.provider_account_id:
            return ProviderResult(FAILED, "", "Connect a payout account first.")
        status, body = self._request(
            "POST",
            "/v1/transfers",
            {
                "amount": amount.amount_minor,
                "currency": amount.currency.lower(),
                "destination": account.provider_account_id,
                "transfer_group": reference,
                "metadata[stint_reference]": reference,
            },
            idempotency_key,
        )
        if status >= 400:
            return ProviderResult(FAILED, "", self._failure(body, "The transfer was refused."))
        return ProviderResult(SUCCEEDED, str(body.get("id", "")))

    def parse_event(self, request: HttpRequest) -> ProviderEvent:
        payload = request.body
        verify_signature(payload, request.headers.get("Stripe-Signature", ""), self.webhook_secret)
        try:
            event = json.loads(payload)
        except ValueError:
            raise InvalidSignature("The event body is not JSON.")
        if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
            raise InvalidSignature("The event has no id or type.", code="invalid_event")
        return ProviderEvent(self.name, str(event["id"]), str(event["type"]), event)
