"""Refunds to the company: unused openings, and the refunded part of a settlement, each with its
share of the platform fee, split over the charges the project paid."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum

from stint.core.audit import audit_log
from stint.core.money import Money
from stint.core.types import Actor
from stint.engagements.models import Engagement
from stint.payments import ledger
from stint.payments.choices import SETTLEMENT_KINDS, AccountKind, OperationStatus, TransactionKind
from stint.payments.models import Funding, LedgerEntry, LedgerTransaction, Refund
from stint.payments.providers import get_provider
from stint.payments.services.quotes import platform_fee_bps
from stint.projects.models import Project


def _project_platform_fee_remaining(project: Project, currency: str) -> int:
    total = LedgerEntry.objects.filter(
        transaction__project=project, account__kind=AccountKind.PLATFORM_FEES, currency=currency
    ).aggregate(total=Sum("amount_minor"))["total"]
    return int(total or 0)


def _platform_fee_share(project: Project, refunded: Money) -> int:
    """The platform fee that goes back with ``refunded``: its share at the current rate, capped
    by what the project still has in platform fees (so rounding never refunds more than paid)."""
    if refunded.amount_minor <= 0:
        return 0
    share = refunded.basis_points(platform_fee_bps()).amount_minor
    return max(0, min(share, _project_platform_fee_remaining(project, refunded.currency)))


def _refund_legs_and_rows(
    *, project: Project, engagement: Engagement | None, amount_from_held: int, currency: str, reason: str, key: str
) -> tuple[list[ledger.Leg], list[Refund]]:
    """Legs moving ``amount_from_held`` (plus its platform fee share) into refunds in transit, and
    the pending Refund rows that pay it out, one per charge refunded (none when there is nothing
    to refund). Each row's provider call is enqueued on commit."""
    if amount_from_held <= 0:
        return [], []
    org = project.organization
    fee_back = _platform_fee_share(project, Money(amount_from_held, currency))
    total = amount_from_held + fee_back
    legs: list[ledger.Leg] = [
        (ledger.account_for(AccountKind.REFUNDS_IN_TRANSIT, currency, organization=org), total),
    ]
    if fee_back:
        legs.append((ledger.account_for(AccountKind.PLATFORM_FEES, currency), -fee_back))
    refunds = [
        Refund.objects.create(
            organization=org,
            project=project,
            engagement=engagement,
            funding=funding,
            amount_minor=amount,
            currency=currency,
            provider=funding.provider if funding is not None else get_provider().name,
            reason=reason[:300],
            idempotency_key=key if i == 0 else f"{key}:{i + 1}",
        )
        for i, (funding, amount) in enumerate(_refund_allocation(project, total))
    ]
    for refund in refunds:
        transaction.on_commit(partial(_enqueue_refund, refund.pk))
    return legs, refunds


def _refund_allocation(project: Project, total: int) -> list[tuple[Funding | None, int]]:
    """Split a refund of ``total`` over the project's succeeded fundings (oldest first), each no
    more than what that charge still has unrefunded: a provider refunds a charge (a Stripe
    PaymentIntent) up to its own amount, and a project may have an initial funding and top-ups.
    Whatever no funding covers (only after staff corrections) goes with the last part."""
    fundings = list(
        Funding.objects.filter(project=project, status=OperationStatus.SUCCEEDED)
        .annotate(
            refunded=Sum(
                "refunds__amount_minor",
                filter=~Q(refunds__status=OperationStatus.FAILED),
                default=0,
            )
        )
        .order_by("created_at")
    )
    parts: list[tuple[Funding | None, int]] = []
    left = total
    for charge in fundings:
        room = charge.amount_minor - int(charge.refunded or 0)
        if left <= 0:
            break
        if room > 0:
            parts.append((charge, min(room, left)))
            left -= min(room, left)
    if left > 0:
        if parts:
            last, amount = parts[-1]
            parts[-1] = (last, amount + left)
        else:
            parts.append((fundings[-1] if fundings else None, left))
    return parts


def _refund_data(refunds: list[Refund]) -> dict[str, Any]:
    """What a ledger transaction records about its refund rows."""
    return {
        "refund_id": str(refunds[0].pk) if refunds else None,
        "refund_ids": [str(r.pk) for r in refunds],
    }


def _enqueue_refund(refund_id: Any) -> None:
    from stint.payments.tasks import execute_refund

    execute_refund.enqueue(str(refund_id))


def project_refund_unused(*, project: Project, actor: Actor | None, openings_used: int | None = None) -> Refund | None:
    """Refund the held funds that no engagement needs (unused openings) with their platform fee.

    Preconditions: the project is closing or cancelled (no more hires). ``openings_used`` is how
    many openings were filled; by default the project's engagements are counted. Engagements not
    yet settled keep their fee held. Idempotent: a second call finds nothing left to refund and
    returns None. Returns the (first) refund row: when the project was charged more than once
    (an initial funding and top-ups), the refund is split over those charges. Locks: the project's
    held account. Enqueues: the refunds' provider calls on commit.
    """
    project = Project.objects.select_related("organization").get(pk=project.pk)
    cur = project.currency
    with transaction.atomic():
        held = ledger.account_for(AccountKind.HELD, cur, project=project)
        ledger.lock_accounts([held])
        held_balance = ledger.account_balance(held)
        settled = LedgerTransaction.objects.filter(project=project, kind__in=SETTLEMENT_KINDS).count()
        engagements = Engagement.objects.filter(project=project)
        unsettled = engagements.exclude(
            pk__in=LedgerTransaction.objects.filter(
                project=project, kind__in=SETTLEMENT_KINDS, engagement__isnull=False
            ).values("engagement_id")
        ).count()
        if openings_used is None:
            openings_used = engagements.count()
        committed_openings = max((openings_used or 0) - settled, unsettled)
        refundable = held_balance - committed_openings * project.fee_minor
        if refundable <= 0:
            return None
        legs, refunds = _refund_legs_and_rows(
            project=project,
            engagement=None,
            amount_from_held=refundable,
            currency=cur,
            reason=f"Unused openings of {project.title}",
            key=f"refund:unused:{project.pk}:{uuid.uuid4().hex}",
        )
        legs.append((held, -refundable))
        ledger.post_transaction(
            kind=TransactionKind.REFUND,
            legs=legs,
            description=f"Refund of unused openings of {project.title}",
            organization=project.organization,
            project=project,
            created_by=actor,
            data={**_refund_data(refunds), "openings_used": openings_used},
        )
        audit_log(actor, "project.refunded", project, {"amount_minor": refundable, "currency": cur})
    return refunds[0] if refunds else None
