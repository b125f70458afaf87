"""Provider operations bracketed by states (ARCHITECTURE rule 4).

Each operation is a row created ``pending`` inside a database transaction (together with its
ledger move, if any); the provider is then called OUTSIDE any transaction with the operation's
idempotency key; a second transaction claims ``pending → succeeded/failed`` with a conditional
update and writes the settling ledger transaction. A crash in between leaves the row pending;
``reconcile_pending`` asks the provider again with the same key (a replay) and settles it.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from stint.core.money import Money
from stint.notifications.services import in_language_of, notify
from stint.payments import ledger
from stint.payments.choices import AccountKind, FundingPurpose, OperationStatus, TransactionKind
from stint.payments.models import Funding, Payout, Refund
from stint.payments.providers import ProviderResult, ProviderUnavailable, get_provider_by_name

logger = logging.getLogger(__name__)

PENDING = OperationStatus.PENDING
SUCCEEDED = OperationStatus.SUCCEEDED
FAILED = OperationStatus.FAILED


def _claim(model: Any, pk: Any, status: str, result: ProviderResult) -> bool:
    """pending → ``status``, exactly once. True for the caller that made the change."""
    return bool(
        model.objects.filter(pk=pk, status=PENDING).update(
            status=status,
            provider_ref=result.provider_ref or F("provider_ref"),
            failure_reason=result.error[:500] if status == FAILED else "",
            completed_at=timezone.now(),
            updated_at=timezone.now(),
        )
        == 1
    )


def _note_pending(model: Any, pk: Any, result: ProviderResult | None) -> None:
    fields: dict[str, Any] = {"attempts": F("attempts") + 1, "updated_at": timezone.now()}
    if result is not None and result.provider_ref:
        fields["provider_ref"] = result.provider_ref
    model.objects.filter(pk=pk, status=PENDING).update(**fields)


# --- Funding ---------------------------------------------------------------------------------------
def funding_execute(funding_id: Any) -> Funding:
    """Charge the organization for a pending funding and settle it. Call outside transactions."""
    funding = Funding.objects.select_related("organization").get(pk=funding_id)
    if funding.status != PENDING:
        return funding
    provider = get_provider_by_name(funding.provider)
    try:
        result = provider.charge(
            funding.organization, funding.amount, f"funding:{funding.pk}", f"stint-funding-{funding.pk}"
        )
    except ProviderUnavailable as exc:
        logger.warning("funding %s: provider unavailable: %s", funding.pk, exc)
        _note_pending(Funding, funding.pk, None)
        return Funding.objects.get(pk=funding.pk)
    return funding_settle(funding.pk, result)


def funding_settle(funding_id: Any, result: ProviderResult) -> Funding:
    """Record the provider's answer. Succeeded: external funding → held + platform fees, once.
    Locks: none beyond the claim (the ledger move only credits held and fees)."""
    with transaction.atomic():
        funding = Funding.objects.select_related("project").get(pk=funding_id)
        if result.succeeded and _claim(Funding, funding.pk, SUCCEEDED, result):
            project = funding.project
            cur = funding.currency
            ledger.post_transaction(
                kind=TransactionKind.FUNDING,
                legs=[
                    (
                        ledger.account_for(AccountKind.EXTERNAL_FUNDING, cur, organization=funding.organization),
                        -funding.amount_minor,
                    ),
                    (ledger.account_for(AccountKind.HELD, cur, project=project), funding.held_minor),
                    (ledger.account_for(AccountKind.PLATFORM_FEES, cur), funding.platform_fee_minor),
                ],
                description=(
                    f"Top-up of {project.title}: 1 opening (a replacement hire)"
                    if funding.purpose == FundingPurpose.TOP_UP
                    else f"Funding of {project.title}: {funding.openings} opening(s)"
                ),
                idempotency_key=f"funding:{funding.pk}",
                organization=funding.organization,
                project=project,
                created_by=funding.created_by,
                data={"funding_id": str(funding.pk), "purpose": funding.purpose, "provider_ref": result.provider_ref},
            )
        elif result.failed:
            _claim(Funding, funding.pk, FAILED, result)
        else:
            _note_pending(Funding, funding.pk, result)
    return Funding.objects.get(pk=funding_id)


# --- Refunds ---------------------------------------------------------------------------------------
def refund_execute(refund_id: Any) -> Refund:
    """Send a pending refund to the provider and settle it. Call outside transactions (it is
    enqueued on commit by the services that decide refunds)."""
    refund = Refund.objects.select_related("organization", "funding").get(pk=refund_id)
    if refund.status != PENDING:
        return refund
    provider = get_provider_by_name(refund.provider)
    charge_ref = refund.funding.provider_ref if refund.funding is not None else ""
    try:
        result = provider.refund(
            refund.organization, refund.amount, f"refund:{refund.pk}", f"stint-refund-{refund.pk}", charge_ref
        )
    except ProviderUnavailable as exc:
        logger.warning("refund %s: provider unavailable: %s", refund.pk, exc)
        _note_pending(Refund, refund.pk, None)
        return Refund.objects.get(pk=refund.pk)
    return refund_settle(refund.pk, result)


def refund_settle(refund_id: Any, result: ProviderResult) -> Refund:
    """Succeeded: refunds in transit → the organization's external account, once. Failed: the
    money stays in transit (visible on the statement) for staff to retry or correct."""
    with transaction.atomic():
        refund = Refund.objects.get(pk=refund_id)
        if result.succeeded and _claim(Refund, refund.pk, SUCCEEDED, result):
            cur = refund.currency
            org = refund.organization
            ledger.post_transaction(
                kind=TransactionKind.REFUND_SETTLED,
                legs=[
                    (ledger.account_for(AccountKind.REFUNDS_IN_TRANSIT, cur, organization=org), -refund.amount_minor),
                    (ledger.account_for(AccountKind.EXTERNAL_FUNDING, cur, organization=org), refund.amount_minor),
                ],
                description=f"Refund paid: {refund.reason}",
                idempotency_key=f"refund-settled:{refund.pk}",
                organization=org,
                project=refund.project,
                data={"refund_id": str(refund.pk), "provider_ref": result.provider_ref},
            )
        elif result.failed:
            _claim(Refund, refund.pk, FAILED, result)
        else:
            _note_pending(Refund, refund.pk, result)
    return Refund.objects.get(pk=refund_id)


# --- Payouts ---------------------------------------------------------------------------------------
def payout_execute(payout_id: Any) -> Payout:
    """Send a pending payout to the provider and settle it. Call outside transactions."""
    payout = Payout.objects.select_related("user").get(pk=payout_id)
    if payout.status != PENDING:
        return payout
    provider = get_provider_by_name(payout.provider)
    try:
        result = provider.payout(payout.user, payout.amount, f"payout:{payout.pk}", f"stint-payout-{payout.pk}")
    except ProviderUnavailable as exc:
        logger.warning("payout %s: provider unavailable: %s", payout.pk, exc)
        _note_pending(Payout, payout.pk, None)
        return Payout.objects.get(pk=payout.pk)
    return payout_settle(payout.pk, result)


def payout_settle(payout_id: Any, result: ProviderResult) -> Payout:
    """Succeeded: in transit → paid out (external). Failed: in transit → back to the balance, and
    the talent is notified. Each at most once (conditional claim of the pending row).
    Locks: the talent's in-transit account (it is debited)."""
    with transaction.atomic():
        payout = Payout.objects.select_related("user").get(pk=payout_id)
        user, cur, amount = payout.user, payout.currency, payout.amount_minor
        if result.status == SUCCEEDED and _claim(Payout, payout.pk, SUCCEEDED, result):
            ledger.post_transaction(
                kind=TransactionKind.PAYOUT_SETTLED,
                legs=[
                    (ledger.account_for(AccountKind.PAYOUTS_IN_TRANSIT, cur, user=user), -amount),
                    (ledger.account_for(AccountKind.PAYOUTS_EXTERNAL, cur, user=user), amount),
                ],
                description="Payout paid",
                idempotency_key=f"payout-settled:{payout.pk}",
                user=user,
                data={"payout_id": str(payout.pk), "provider_ref": result.provider_ref},
            )
        elif result.status == FAILED and _claim(Payout, payout.pk, FAILED, result):
            ledger.post_transaction(
                kind=TransactionKind.PAYOUT_FAILED,
                legs=[
                    (ledger.account_for(AccountKind.PAYOUTS_IN_TRANSIT, cur, user=user), -amount),
                    (ledger.account_for(AccountKind.TALENT_BALANCE, cur, user=user), amount),
                ],
                description=f"Payout failed: {result.error}"[:300],
                idempotency_key=f"payout-failed:{payout.pk}",
                user=user,
                data={"payout_id": str(payout.pk), "provider_ref": result.provider_ref},
            )
            _notify_payout_failed(user, Money(amount, cur), result.error)
        elif result.status == PENDING:
            _note_pending(Payout, payout.pk, result)
    return Payout.objects.get(pk=payout_id)


def _notify_payout_failed(user: Any, amount: Money, reason: str) -> None:
    with in_language_of(user):
        notify(
            user=user,
            event="payments.payout_failed",
            title=gettext("Your payout of %(amount)s failed") % {"amount": amount},
            body=gettext("%(reason)s The money is back in your balance.") % {"reason": reason},
            url="/payments/earnings/",
        )


# --- Reconciliation --------------------------------------------------------------------------------
def reconcile_pending(*, older_than: datetime.timedelta | None = None) -> dict[str, int]:
    """Ask the provider again about every operation pending for longer than ``older_than``
    (default 15 minutes) and settle it. Safe to run concurrently and repeatedly: the provider call
    is a replay of the same idempotency key and settling is a conditional claim."""
    cutoff = timezone.now() - (older_than if older_than is not None else datetime.timedelta(minutes=15))
    counts = {"fundings": 0, "refunds": 0, "payouts": 0}
    for pk in Funding.objects.filter(status=PENDING, created_at__lt=cutoff).values_list("pk", flat=True):
        if funding_execute(pk).status != PENDING:
            counts["fundings"] += 1
    for pk in Refund.objects.filter(status=PENDING, created_at__lt=cutoff).values_list("pk", flat=True):
        if refund_execute(pk).status != PENDING:
            counts["refunds"] += 1
    for pk in Payout.objects.filter(status=PENDING, created_at__lt=cutoff).values_list("pk", flat=True):
        if payout_execute(pk).status != PENDING:
            counts["payouts"] += 1
    return counts
