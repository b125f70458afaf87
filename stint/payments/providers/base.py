"""The payment provider interface: charge a company, refund it, pay out to a talent, receive events.

Every call carries an idempotency key; a provider must treat a repeated call with the same key as
a replay of the first (Stripe does), which is what lets reconciliation simply ask again.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from stint.core.errors import ApplicationError
from stint.core.money import Money

SUCCEEDED = "succeeded"
FAILED = "failed"
PENDING = "pending"


@dataclass(frozen=True)
class ProviderResult:
    """The outcome of one provider call. ``error`` is a short, user-presentable reason on failure."""

    status: str
    provider_ref: str = ""
    error: str = ""

    def __post_init__(self) -> None:
        if self.status not in (SUCCEEDED, FAILED, PENDING):
            raise ValueError(f"unknown provider status {self.status!r}")

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCEEDED

    @property
    def failed(self) -> bool:
        return self.status == FAILED


@dataclass(frozen=True)
class ProviderEvent:
    """An event received from a provider, after its signature was verified."""

    provider: str
    event_id: str
    event_type: str
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def object(self) -> dict[str, Any]:
        data = self.payload.get("data") or {}
        return data.get("object") or {}


class InvalidSignature(ApplicationError):
    code = "invalid_signature"
    status = 400
    title = "The event signature is not valid"


class ProviderUnavailable(Exception):
    """The provider could not be reached or answered with a server error: the operation's outcome
    is unknown and stays pending until reconciliation asks again."""


class PaymentProvider(ABC):
    name: str = ""
    is_test: bool = False

    @abstractmethod
    def charge(self, organization: Any, amount: Money, reference: str, idempotency_key: str) -> ProviderResult:
        """Charge ``organization``'s payment method ``amount``."""

    @abstractmethod
    def refund(
        self, organization: Any, amount: Money, reference: str, idempotency_key: str, charge_ref: str = ""
    ) -> ProviderResult:
        """Give back ``amount`` of the charge ``charge_ref`` to ``organization``."""

    @abstractmethod
    def payout(self, user: Any, amount: Money, reference: str, idempotency_key: str) -> ProviderResult:
        """Send ``amount`` to ``user``'s payout account."""

    @abstractmethod
    def parse_event(self, request: HttpRequest) -> ProviderEvent:
        """Verify the request's signature and parse the event (``InvalidSignature`` otherwise)."""
