"""Payment providers. ``get_provider()`` is Stripe when its keys are configured, else the test
provider; ``is_test_mode()`` tells templates to say that payments are simulated."""

from __future__ import annotations

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
from stint.payments.providers.stripe import StripeProvider, stripe_configured
from stint.payments.providers.test import TestProvider

__all__ = [
    "FAILED",
    "PENDING",
    "SUCCEEDED",
    "InvalidSignature",
    "PaymentProvider",
    "ProviderEvent",
    "ProviderResult",
    "ProviderUnavailable",
    "StripeProvider",
    "TestProvider",
    "get_provider",
    "get_provider_by_name",
    "is_test_mode",
    "stripe_configured",
]


def get_provider() -> PaymentProvider:
    """The provider new operations use: Stripe when configured, the test provider otherwise."""
    if stripe_configured():
        return StripeProvider()
    return TestProvider()


def get_provider_by_name(name: str) -> PaymentProvider:
    """The provider an existing operation was made with (for settling or reconciling it)."""
    if name == StripeProvider.name:
        return StripeProvider()
    return TestProvider()


def is_test_mode() -> bool:
    """True when payments are simulated (the test provider, or Stripe with test keys)."""
    return get_provider().is_test
