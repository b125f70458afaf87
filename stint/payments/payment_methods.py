"""How a company pays: the payment method it adds before its first publish.

With Stripe (``stripe_configured()``), the card is entered on Stripe's hosted Checkout page in
``setup`` mode (``payment_method_setup_start`` returns that page's URL); when Stripe sends the
browser back, ``payment_method_stripe_complete`` reads the session and records the customer and
payment method that ``StripeProvider.charge`` uses. With the test provider nothing leaves Stint:
``payment_method_simulate`` records a simulated card, and the page that does it says so.

``payment_method_required`` is the gate of every new charge: ``stint.payments.services`` calls it
in ``project_fund`` (publishing) and ``project_fund_opening`` (offering a freed opening) before any
row is written, so every path (page, API, demo, tests) obeys it. The pages send the company here
and back; the API answers ``409 payment_method_required``.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy

from stint.core.audit import audit_log
from stint.core.errors import ApplicationError, ValidationFailed
from stint.payments.choices import TEST_DECLINED_CARD, Provider
from stint.payments.models import PaymentMethod
from stint.payments.providers import StripeProvider, get_provider, stripe_setup

# The simulated cards the test page offers: the first always succeeds, the second is always declined.
TEST_CARDS = {
    "4242424242424242": gettext_lazy("Test card •••• 4242 (simulated, always accepted)"),
    TEST_DECLINED_CARD: gettext_lazy("Test card •••• 0002 (simulated, always declined)"),
}


class PaymentMethodRequired(ApplicationError):
    code = "payment_method_required"
    status = 409
    title = cast(str, gettext_lazy("Add a payment method first"))  # translated when rendered


def payment_method_current(*, organization: Any) -> PaymentMethod | None:
    """The organization's payment method usable by the provider now in use, or ``None``."""
    method = PaymentMethod.objects.filter(organization=organization).first()
    if method is None:
        return None
    if get_provider().name == Provider.STRIPE:
        usable = method.provider == Provider.STRIPE and bool(method.provider_payment_method_id)
        return method if usable else None
    return method


def payment_method_required(*, organization: Any) -> PaymentMethod:
    method = payment_method_current(organization=organization)
    if method is None:
        raise PaymentMethodRequired(
            gettext(
                "Your organization has no payment method yet: add one first (publishing and funding an opening "
                "charge it). Nothing was charged."
            )
        )
    return method


def payment_method_data(*, organization: Any) -> dict[str, Any]:
    method = payment_method_current(organization=organization)
    provider = get_provider()
    return {
        "ready": method is not None,
        "provider": provider.name,
        "simulated": provider.name == Provider.TEST,
        "test_mode": provider.is_test,
        "label": method.label if method is not None else "",
    }


def payment_method_setup_start(*, actor: Any, organization: Any, success_url: str, cancel_url: str) -> str:
    """Stripe: the hosted Checkout (setup mode) URL to send the company to. The test provider has no
    hosted page: returns ``""`` and the caller shows the simulated page."""
    provider = get_provider()
    if not isinstance(provider, StripeProvider):
        return ""
    method = PaymentMethod.objects.filter(organization=organization).first()
    customer_id = method.provider_customer_id if method is not None and method.provider == Provider.STRIPE else ""
    if not customer_id:
        customer_id = stripe_setup.customer_create(
            provider, organization_id=str(organization.pk), name=str(organization.name)
        )
        PaymentMethod.objects.update_or_create(
            organization=organization,
            defaults={
                "provider": Provider.STRIPE,
                "provider_customer_id": customer_id,
                "provider_payment_method_id": "",
            },
        )
    audit_log(actor, "payment_method.setup_started", organization, {"provider": provider.name})
    return stripe_setup.setup_session_create(
        provider,
        customer_id=customer_id,
        organization_id=str(organization.pk),
        currency=settings.STINT_DEFAULT_CURRENCY,
        success_url=success_url,
        cancel_url=cancel_url,
    )


def payment_method_stripe_complete(*, actor: Any, organization: Any, session_id: str) -> PaymentMethod:
    """Record the card of a finished Stripe setup session (idempotent: the same session again
    records the same card)."""
    provider = get_provider()
    if not isinstance(provider, StripeProvider):
        raise ValidationFailed(gettext("Payments are simulated here; there is no Stripe session."), code="not_stripe")
    session_id = (session_id or "").strip()
    if not session_id.startswith("cs_") or len(session_id) > 255:
        raise ValidationFailed(gettext("This is not a Stripe set-up session."), code="setup_session_invalid")
    method = PaymentMethod.objects.filter(organization=organization, provider=Provider.STRIPE).first()
    if method is None or not method.provider_customer_id:
        raise ValidationFailed(gettext("Start the card set-up first."), code="setup_session_invalid")
    card = stripe_setup.setup_session_result(provider, session_id=session_id, customer_id=method.provider_customer_id)
    with transaction.atomic():
        PaymentMethod.objects.filter(pk=method.pk).update(
            provider_payment_method_id=card.payment_method_id, label=card.label[:60], test_card_number=""
        )
        audit_log(actor, "payment_method.added", organization, {"provider": provider.name, "label": card.label})
    method.refresh_from_db()
    return method


def _stored_label(number: str) -> str:
    """The simulated card's label as stored (English, like every label a provider gives)."""
    with translation.override("en"):
        return str(TEST_CARDS[number])[:60]


def payment_method_simulate(*, actor: Any, organization: Any, card_number: str) -> PaymentMethod:
    """Test provider only: record a simulated card (no card data is stored beyond the test number
    that chooses the outcome)."""
    if get_provider().name != Provider.TEST:
        raise ValidationFailed(
            gettext("Real payments are on: add the card on Stripe's page instead."), code="simulation_unavailable"
        )
    number = "".join((card_number or "").split())
    if number not in TEST_CARDS:
        raise ValidationFailed(
            gettext("Choose one of the test cards."),
            errors=[{"field": "card_number", "message": gettext("Choose one of the test cards.")}],
        )
    with transaction.atomic():
        method, _ = PaymentMethod.objects.update_or_create(
            organization=organization,
            defaults={
                "provider": Provider.TEST,
                "label": _stored_label(number),
                "test_card_number": number,
                "provider_customer_id": "",
                "provider_payment_method_id": "",
            },
        )
        audit_log(actor, "payment_method.added", organization, {"provider": Provider.TEST, "simulated": True})
    return method
