"""Payouts: the talent takes their available balance out through the provider."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from stint.core.audit import audit_log
from stint.core.errors import ValidationFailed
from stint.core.money import SUPPORTED_CURRENCIES, Money
from stint.core.types import User
from stint.payments import ledger
from stint.payments.choices import AccountKind, TransactionKind
from stint.payments.models import Payout
from stint.payments.operations import payout_execute
from stint.payments.payout_accounts import payout_account_required
from stint.payments.providers import get_provider


def _payout_input(amount_minor: int, currency: str, idempotency_key: str) -> tuple[str, str]:
    """The request's currency (upper case) and key, or ``ValidationFailed`` (422)."""
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor <= 0:
        raise ValidationFailed(
            gettext("Enter a positive amount."),
            code="invalid_amount",
            errors=[{"field": "amount_minor", "message": gettext("must be positive")}],
        )
    currency = (currency or "").upper()
    if currency not in SUPPORTED_CURRENCIES:
        raise ValidationFailed(
            gettext("Unsupported currency."),
            code="invalid_currency",
            errors=[{"field": "currency", "message": gettext("unsupported")}],
        )
    key = (idempotency_key or "").strip()
    if not key or len(key) > 255:
        raise ValidationFailed(gettext("A payout needs an idempotency key."), code="idempotency_key_invalid")
    return currency, key


def _replay(existing: Payout, amount_minor: int, currency: str) -> Payout:
    """The payout already made with this key, or ``idempotency_key_reused`` (422) for another one."""
    if existing.amount_minor != amount_minor or existing.currency != currency:
        raise ValidationFailed(
            gettext("This idempotency key was used for another payout."), code="idempotency_key_reused"
        )
    return existing


def payout_request(*, user: User, amount_minor: int, currency: str, idempotency_key: str) -> Payout:
    """Pay ``amount_minor`` of the talent's available balance out through the provider.

    Preconditions: call OUTSIDE ``transaction.atomic`` (the provider is called between two short
    transactions). 0 < amount ≤ available balance (``invalid_amount`` / ``insufficient_balance``,
    422). The same ``idempotency_key`` returns the same payout; with another amount or currency it
    is ``idempotency_key_reused`` (422). Without a payout account the provider in use can pay into
    it is ``payout_account_required`` (409) and nothing is written (no payout, no ledger line).
    Locks: the talent's balance account while the amount moves to "in transit", so concurrent
    requests never overdraw it. Returns the payout, succeeded,
    failed (money back in the balance) or pending (the reconciliation task settles it).
    """
    currency, key = _payout_input(amount_minor, currency, idempotency_key)

    def replay(existing: Payout) -> Payout:
        return _replay(existing, amount_minor, currency)

    existing = Payout.objects.filter(user=user, idempotency_key=key).first()
    if existing is not None:
        return replay(existing)
    payout_account_required(user=user)  # before any row, whatever the provider (a replay is above)
    try:
        with transaction.atomic():
            balance = ledger.account_for(AccountKind.TALENT_BALANCE, currency, user=user)
            in_transit = ledger.account_for(AccountKind.PAYOUTS_IN_TRANSIT, currency, user=user)
            ledger.lock_accounts([balance])
            # A concurrent request with the same key may have committed while we waited.
            existing = Payout.objects.filter(user=user, idempotency_key=key).first()
            if existing is not None:
                return replay(existing)
            available = ledger.account_balance(balance)
            if amount_minor > available:
                raise ValidationFailed(
                    gettext("You can pay out at most %(amount)s.") % {"amount": Money(available, currency)},
                    code="insufficient_balance",
                    errors=[{"field": "amount_minor", "message": gettext("at most %(max)s") % {"max": available}}],
                )
            with transaction.atomic():
                payout = Payout.objects.create(
                    user=user,
                    amount_minor=amount_minor,
                    currency=currency,
                    provider=get_provider().name,
                    idempotency_key=key,
                )
            ledger.post_transaction(
                kind=TransactionKind.PAYOUT,
                legs=[(balance, -amount_minor), (in_transit, amount_minor)],
                description="Payout requested",
                idempotency_key=f"payout:{payout.pk}",
                user=user,
                created_by=user,
                data={"payout_id": str(payout.pk)},
            )
            audit_log(user, "payout.requested", payout, {"amount_minor": amount_minor, "currency": currency})
    except IntegrityError:
        existing = Payout.objects.filter(user=user, idempotency_key=key).first()
        if existing is None:
            raise
        return replay(existing)
    return payout_execute(payout.pk)
