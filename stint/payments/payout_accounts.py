"""Where a talent's money goes: the payout account connected before the first payout.

With Stripe, ``payout_account_onboarding_start`` creates an Express connected account (once) and
returns Stripe's hosted onboarding link; when Stripe sends the browser back,
``payout_account_refresh`` reads the account and records whether payouts are enabled. With the
test provider ``payout_account_simulate`` records a simulated account, and the page says so.

``payout_account_required`` is the gate of ``stint.payments.services.payout_request``, whatever the
provider (so the earnings page, ``POST /me/payouts`` and any other caller obey it): a payout
without a connected account is refused with
``409 payout_account_required`` before any payout row exists, so it can never show "Succeeded".
"""

from __future__ import annotations

from typing import Any, cast

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from stint.core.audit import audit_log
from stint.core.errors import ApplicationError, ValidationFailed
from stint.payments.choices import Provider
from stint.payments.models import PayoutAccount
from stint.payments.providers import StripeProvider, get_provider, stripe_setup


class PayoutAccountRequired(ApplicationError):
    code = "payout_account_required"
    status = 409
    title = cast(str, gettext_lazy("Connect a payout account first"))  # translated when rendered


def payout_account_current(*, user: Any) -> PayoutAccount | None:
    """The user's payout account that the provider now in use can pay into, or ``None``."""
    account = PayoutAccount.objects.filter(user=user, payouts_enabled=True).first()
    if account is None:
        return None
    if get_provider().name == Provider.STRIPE:
        return account if account.provider == Provider.STRIPE and account.provider_account_id else None
    return account


def payout_account_required(*, user: Any) -> PayoutAccount:
    account = payout_account_current(user=user)
    if account is None:
        raise PayoutAccountRequired(
            gettext(
                "Connect a payout account before requesting a payout: there is nowhere to send the money yet. "
                "Your balance is unchanged."
            )
        )
    return account


def payout_account_data(*, user: Any) -> dict[str, Any]:
    account = payout_account_current(user=user)
    provider = get_provider()
    started = PayoutAccount.objects.filter(user=user, provider=provider.name).exclude(provider_account_id="")
    return {
        "ready": account is not None,
        "provider": provider.name,
        "simulated": provider.name == Provider.TEST,
        "test_mode": provider.is_test,
        "onboarding_started": account is None and started.exists(),
    }


def payout_account_onboarding_start(*, user: Any, return_url: str, refresh_url: str) -> str:
    """Stripe: the hosted onboarding URL (the connected account is created once and reused). The
    test provider has no hosted page: returns ``""`` and the caller shows the simulated page."""
    provider = get_provider()
    if not isinstance(provider, StripeProvider):
        return ""
    account = PayoutAccount.objects.filter(user=user, provider=Provider.STRIPE).exclude(provider_account_id="").first()
    if account is None:
        account_id = stripe_setup.connect_account_create(provider, user_id=str(user.pk), email=str(user.email))
        account, _ = PayoutAccount.objects.update_or_create(
            user=user,
            defaults={"provider": Provider.STRIPE, "provider_account_id": account_id, "payouts_enabled": False},
        )
        audit_log(user, "payout_account.created", account, {"provider": provider.name})
    return stripe_setup.onboarding_link_create(
        provider, account_id=account.provider_account_id, return_url=return_url, refresh_url=refresh_url
    )


def payout_account_refresh(*, user: Any) -> PayoutAccount:
    """Stripe: ask whether the connected account can receive payouts now, and record it."""
    provider = get_provider()
    if not isinstance(provider, StripeProvider):
        raise ValidationFailed(gettext("Payments are simulated here; there is no Stripe account."), code="not_stripe")
    account = PayoutAccount.objects.filter(user=user, provider=Provider.STRIPE).exclude(provider_account_id="").first()
    if account is None:
        raise PayoutAccountRequired(gettext("Start connecting a payout account first."))
    enabled = stripe_setup.account_payouts_enabled(provider, account_id=account.provider_account_id)
    _record_payouts_enabled(account, enabled=enabled, actor=user, details={})
    return account


def _record_payouts_enabled(account: PayoutAccount, *, enabled: bool, actor: Any, details: dict[str, Any]) -> None:
    """Record whether ``account`` can receive payouts, claimed with a conditional update so a
    refresh and the webhook arriving together audit the change once."""
    with transaction.atomic():
        changed = PayoutAccount.objects.filter(pk=account.pk, payouts_enabled=not enabled).update(
            payouts_enabled=enabled
        )
        if changed:
            audit_log(actor, "payout_account.enabled" if enabled else "payout_account.disabled", account, details)
    account.refresh_from_db()


def payout_account_apply_event(*, account: dict[str, Any]) -> PayoutAccount | None:
    """Stripe's ``account.updated`` webhook: record whether the connected account can receive
    payouts now (finishing onboarding in another tab, or Stripe disabling payouts later)."""
    account_id = str(account.get("id") or "")
    row = PayoutAccount.objects.filter(provider=Provider.STRIPE, provider_account_id=account_id).first()
    if not account_id or row is None:
        return None
    enabled = bool(account.get("payouts_enabled")) and bool(account.get("details_submitted"))
    _record_payouts_enabled(row, enabled=enabled, actor=None, details={"via": "webhook"})
    return row


def payout_account_simulate(*, user: Any) -> PayoutAccount:
    """Test provider only: record a simulated payout account (no bank details are asked or stored)."""
    if get_provider().name != Provider.TEST:
        raise ValidationFailed(
            gettext("Real payments are on: connect your account on Stripe's page instead."),
            code="simulation_unavailable",
        )
    if getattr(user, "role", None) != "talent":
        raise ApplicationError(gettext("Only talent accounts receive payouts."), code="talent_only", status=403)
    with transaction.atomic():
        account, _ = PayoutAccount.objects.update_or_create(
            user=user, defaults={"provider": Provider.TEST, "provider_account_id": "", "payouts_enabled": True}
        )
        audit_log(user, "payout_account.connected", account, {"provider": Provider.TEST, "simulated": True})
    return account
