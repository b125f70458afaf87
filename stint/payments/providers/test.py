"""The built-in test provider: no network, deterministic outcomes.

* A charge is declined when the organization's test card is ``4000000000000002``
  (``PaymentMethod.test_card_number``) or when ``STINT_TEST_PROVIDER_FAIL`` is true.
* A payout fails when ``STINT_TEST_PROVIDER_FAIL`` or ``STINT_TEST_PROVIDER_FAIL_PAYOUTS`` is true.
* A refund fails only when ``STINT_TEST_PROVIDER_FAIL_REFUNDS`` is true.
* Every call answers ``pending`` while ``STINT_TEST_PROVIDER_PENDING`` is true (a slow provider:
  reconciliation settles the operation once the setting is off).

References are derived from the idempotency key, so asking again gives the same answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from stint.core.money import Money
from stint.payments.choices import TEST_DECLINED_CARD
from stint.payments.providers.base import (
    FAILED,
    PENDING,
    SUCCEEDED,
    InvalidSignature,
    PaymentProvider,
    ProviderEvent,
    ProviderResult,
)

SIGNATURE_HEADER = "Stint-Test-Signature"


def _flag(name: str) -> bool:
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, "")
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _ref(prefix: str, idempotency_key: str) -> str:
    return f"test_{prefix}_{hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]}"


def test_webhook_secret() -> bytes:
    return hashlib.sha256(f"stint-test-webhooks:{settings.SECRET_KEY}".encode()).digest()


def sign_test_event(body: bytes) -> str:
    return hmac.new(test_webhook_secret(), body, hashlib.sha256).hexdigest()


class TestProvider(PaymentProvider):
    __test__ = False  # not a pytest test class
    name = "test"
    is_test = True

    def _card(self, organization: Any) -> str:
        from stint.payments.models import PaymentMethod

        method = PaymentMethod.objects.filter(organization=organization).first()
        return method.test_card_number if method is not None else ""

    def charge(self, organization: Any, amount: Money, reference: str, idempotency_key: str) -> ProviderResult:
        ref = _ref("ch", idempotency_key)
        if _flag("STINT_TEST_PROVIDER_PENDING"):
            return ProviderResult(PENDING, ref)
        if _flag("STINT_TEST_PROVIDER_FAIL") or self._card(organization) == TEST_DECLINED_CARD:
            return ProviderResult(FAILED, ref, "Your card was declined (test mode).")
        return ProviderResult(SUCCEEDED, ref)

    def refund(
        self, organization: Any, amount: Money, reference: str, idempotency_key: str, charge_ref: str = ""
    ) -> ProviderResult:
        ref = _ref("re", idempotency_key)
        if _flag("STINT_TEST_PROVIDER_PENDING"):
            return ProviderResult(PENDING, ref)
        if _flag("STINT_TEST_PROVIDER_FAIL_REFUNDS"):
            return ProviderResult(FAILED, ref, "The refund was refused (test mode).")
        return ProviderResult(SUCCEEDED, ref)

    def payout(self, user: Any, amount: Money, reference: str, idempotency_key: str) -> ProviderResult:
        ref = _ref("po", idempotency_key)
        if _flag("STINT_TEST_PROVIDER_PENDING"):
            return ProviderResult(PENDING, ref)
        if _flag("STINT_TEST_PROVIDER_FAIL") or _flag("STINT_TEST_PROVIDER_FAIL_PAYOUTS"):
            return ProviderResult(FAILED, ref, "The bank refused the payout (test mode).")
        return ProviderResult(SUCCEEDED, ref)

    def parse_event(self, request: HttpRequest) -> ProviderEvent:
        body = request.body
        given = request.headers.get(SIGNATURE_HEADER, "")
        if not given or not hmac.compare_digest(given, sign_test_event(body)):
            raise InvalidSignature("The test event signature does not match.")
        try:
            payload = json.loads(body)
        except ValueError:
            raise InvalidSignature("The event body is not JSON.")
        return ProviderEvent(self.name, str(payload.get("id", "")), str(payload.get("type", "")), payload)
