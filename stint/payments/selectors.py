"""Reads of the money layer, scoped to the acting user where the object is user-addressed."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext

from stint.core.errors import NotFound
from stint.core.types import Actor, User
from stint.payments.choices import AccountKind, FundingPurpose, OperationStatus, TransactionKind
from stint.payments.models import Funding, LedgerEntry, LedgerTransaction, Payout


def _sum_by_currency(qs: QuerySet[LedgerEntry]) -> dict[str, int]:
    return {
        row["currency"]: int(row["total"] or 0) for row in qs.values("currency").annotate(total=Sum("amount_minor"))
    }


def balance_for_user(user: User) -> list[dict[str, Any]]:
    """``[{currency, available_minor, pending_minor}]``: the talent's balance and payouts in transit."""
    entries = LedgerEntry.objects.filter(account__user=user)
    available = _sum_by_currency(entries.filter(account__kind=AccountKind.TALENT_BALANCE))
    pending = _sum_by_currency(entries.filter(account__kind=AccountKind.PAYOUTS_IN_TRANSIT))
    paid = _sum_by_currency(entries.filter(account__kind=AccountKind.PAYOUTS_EXTERNAL))
    currencies = sorted(set(available) | set(pending) | set(paid))
    return [
        {
            "currency": cur,
            "available_minor": available.get(cur, 0),
            "pending_minor": pending.get(cur, 0),
            "paid_out_minor": paid.get(cur, 0),
        }
        for cur in currencies
    ]


def payout_list_for_user(*, user: Actor) -> QuerySet[Payout]:
    if not user.is_authenticated:
        return Payout.objects.none()
    return Payout.objects.filter(user=user).order_by("-created_at")


def payout_get_for_user(*, user: User, payout_id: Any) -> Payout:
    payout = payout_list_for_user(user=user).filter(pk=payout_id).first()
    if payout is None:
        raise NotFound(gettext("Payout not found."))
    return payout


def earnings_lines_for_user(*, user: User, limit: int = 50) -> list[dict[str, Any]]:
    """The talent's balance movements, newest first."""
    rows = (
        LedgerEntry.objects.filter(account__user=user, account__kind=AccountKind.TALENT_BALANCE)
        .select_related("transaction", "transaction__project")
        .order_by("-id")[:limit]
    )
    return [
        {
            "date": e.transaction.created_at,
            "kind": e.transaction.kind,
            "kind_label": str(TransactionKind(e.transaction.kind).label),
            "description": e.transaction.description,
            "amount_minor": e.amount_minor,
            "currency": e.currency,
        }
        for e in rows
    ]


def project_funds(project: Any) -> dict[str, dict[str, int]]:
    """Per currency: ``funded`` (held funds put in), ``held`` (still held), ``released`` (to talent),
    ``refunded`` (back to the company, from held), ``platform_fee`` (net fees). The listing's
    ``funds_secured`` is ``held > 0`` or a succeeded funding."""
    held_entries = LedgerEntry.objects.filter(account__kind=AccountKind.HELD, account__project=project)
    result: dict[str, dict[str, int]] = defaultdict(
        lambda: {"funded": 0, "held": 0, "released": 0, "refunded": 0, "platform_fee": 0}
    )
    for row in held_entries.values("currency", "transaction__kind").annotate(total=Sum("amount_minor")):
        cur, kind, total = row["currency"], row["transaction__kind"], int(row["total"] or 0)
        result[cur]["held"] += total
        if kind == TransactionKind.FUNDING:
            result[cur]["funded"] += total
    # Talent's share of settlements = released; the rest that left held = refunded.
    settled_to_talent = LedgerEntry.objects.filter(
        transaction__project=project, account__kind=AccountKind.TALENT_BALANCE
    )
    for cur, total in _sum_by_currency(settled_to_talent).items():
        result[cur]["released"] += total
    for values in result.values():
        values["refunded"] = values["funded"] - values["held"] - values["released"]
    fees = LedgerEntry.objects.filter(transaction__project=project, account__kind=AccountKind.PLATFORM_FEES)
    for cur, total in _sum_by_currency(fees).items():
        result[cur]["platform_fee"] = total
    return dict(result)


def project_funds_secured(project: Any) -> bool:
    return Funding.objects.filter(project=project, status=OperationStatus.SUCCEEDED).exists()


def top_up_for_engagement(engagement: Any) -> Funding | None:
    """The succeeded top-up that refunded ``engagement``'s opening was funded again with, if any."""
    return (
        Funding.objects.filter(
            replaces_engagement=engagement, purpose=FundingPurpose.TOP_UP, status=OperationStatus.SUCCEEDED
        )
        .order_by("created_at")
        .first()
    )


def organization_statement(organization: Any, *, limit: int = 200) -> dict[str, Any]:
    """Held, released, refunded and fees per currency for an organization, and its ledger lines.

    The caller checks membership (``organization_get_for_member``) before calling."""
    org_txns = LedgerTransaction.objects.filter(organization=organization)
    entries = LedgerEntry.objects.filter(transaction__organization=organization)
    totals: dict[str, dict[str, int]] = defaultdict(
        lambda: {"charged": 0, "held": 0, "released": 0, "refunded": 0, "refund_pending": 0, "fees": 0}
    )
    for cur, total in _sum_by_currency(
        entries.filter(account__kind=AccountKind.EXTERNAL_FUNDING, transaction__kind=TransactionKind.FUNDING)
    ).items():
        totals[cur]["charged"] = -total
    for cur, total in _sum_by_currency(entries.filter(account__kind=AccountKind.HELD)).items():
        totals[cur]["held"] = total
    for cur, total in _sum_by_currency(entries.filter(account__kind=AccountKind.TALENT_BALANCE)).items():
        totals[cur]["released"] = total
    for cur, total in _sum_by_currency(
        entries.filter(account__kind=AccountKind.REFUNDS_IN_TRANSIT, amount_minor__gt=0)
    ).items():
        totals[cur]["refunded"] = total
    for cur, total in _sum_by_currency(entries.filter(account__kind=AccountKind.REFUNDS_IN_TRANSIT)).items():
        totals[cur]["refund_pending"] = total
    for cur, total in _sum_by_currency(entries.filter(account__kind=AccountKind.PLATFORM_FEES)).items():
        totals[cur]["fees"] = total
    lines = []
    for txn in org_txns.select_related("project").prefetch_related("entries__account").order_by("-created_at")[:limit]:
        amounts: dict[str, int] = defaultdict(int)
        for entry in txn.entries.all():
            if entry.account.kind == AccountKind.EXTERNAL_FUNDING:
                amounts["company"] += entry.amount_minor
            elif entry.account.kind == AccountKind.HELD:
                amounts["held"] += entry.amount_minor
            elif entry.account.kind == AccountKind.TALENT_BALANCE:
                amounts["talent"] += entry.amount_minor
            elif entry.account.kind == AccountKind.REFUNDS_IN_TRANSIT:
                amounts["refund"] += entry.amount_minor
            elif entry.account.kind == AccountKind.PLATFORM_FEES:
                amounts["fees"] += entry.amount_minor
        currency = next((e.currency for e in txn.entries.all()), "")
        lines.append(
            {
                "id": txn.pk,
                "date": txn.created_at,
                "kind": txn.kind,
                "kind_label": str(TransactionKind(txn.kind).label),
                "description": txn.description,
                "project_id": txn.project_id,
                "project_title": txn.project.title if txn.project else "",
                "currency": currency,
                "held_change_minor": amounts["held"],
                "company_change_minor": amounts["company"],
                "talent_change_minor": amounts["talent"],
                "refund_change_minor": amounts["refund"],
                "fees_change_minor": amounts["fees"],
            }
        )
    return {
        "totals": [{"currency": cur, **values} for cur, values in sorted(totals.items())],
        "lines": lines,
    }
