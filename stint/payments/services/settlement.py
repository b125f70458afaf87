"""Engagement settlements: release the fee to the talent, settle a cancellation pro rata, split a
disputed fee. One settlement per engagement."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from stint.core.audit import audit_log
from stint.core.errors import Conflict, PermissionDenied, ValidationFailed
from stint.core.money import Money
from stint.core.types import Actor
from stint.engagements.choices import APPROVED_STATUSES, EngagementStatus
from stint.engagements.models import Engagement
from stint.payments import ledger
from stint.payments.choices import SETTLEMENT_KINDS, AccountKind, TransactionKind
from stint.payments.models import LedgerTransaction
from stint.payments.services.refunds import _refund_data, _refund_legs_and_rows

# A staff split settles a dispute before or after the resolution moved the engagement on.
SPLITTABLE_STATUSES: tuple[str, ...] = (EngagementStatus.DISPUTED, EngagementStatus.CANCELLED, EngagementStatus.PAID)


def _load_engagement(engagement: Engagement) -> Engagement:
    return Engagement.objects.select_related("project", "project__organization", "talent").get(pk=engagement.pk)


def _existing_settlement(engagement: Engagement) -> LedgerTransaction | None:
    return LedgerTransaction.objects.filter(engagement=engagement, kind__in=SETTLEMENT_KINDS).first()


def engagement_release(*, engagement: Engagement, actor: Actor | None) -> LedgerTransaction:
    """Move the engagement's fee from the project's held funds to the talent's balance, once.

    Preconditions: the engagement's status is already ``approved`` or ``paid`` (claim the
    transition first, in the same transaction if you like); otherwise ``engagement_not_approved``
    (409). Repeats (double clicks, retries, auto-release racing a click) return the existing
    release; an engagement settled otherwise (cancellation, split) is ``engagement_already_settled``.
    Locks: the project's held account, then re-checks for a settlement; the database's
    one-settlement-per-engagement constraint is the backstop. Enqueues nothing.
    """
    with transaction.atomic():
        eng = _load_engagement(engagement)
        if eng.status not in APPROVED_STATUSES:
            raise Conflict(gettext("Only an approved engagement can be paid."), code="engagement_not_approved")
        fee = Money(eng.fee_minor, eng.currency)
        held = ledger.account_for(AccountKind.HELD, fee.currency, project=eng.project)
        balance = ledger.account_for(AccountKind.TALENT_BALANCE, fee.currency, user=eng.talent)
        ledger.lock_accounts([held])
        existing = _existing_settlement(eng)
        if existing is not None:
            if existing.kind == TransactionKind.RELEASE:
                return existing
            raise Conflict(gettext("This engagement was already settled."), code="engagement_already_settled")
        try:
            txn = ledger.post_transaction(
                kind=TransactionKind.RELEASE,
                legs=[(held, -fee.amount_minor), (balance, fee.amount_minor)],
                description=f"Fee for {eng.project.title}",
                idempotency_key=f"release:{eng.pk}",
                organization=eng.project.organization,
                project=eng.project,
                engagement=eng,
                user=eng.talent,
                created_by=actor,
            )
        except Conflict:
            existing = _existing_settlement(eng)
            if existing is not None and existing.kind == TransactionKind.RELEASE:
                return existing
            raise
        audit_log(actor, "engagement.funds_released", eng, {"amount_minor": fee.amount_minor, "currency": fee.currency})
    return txn


def _minutes(hours_logged: Decimal | float | None, minutes_logged: int | None) -> int:
    if minutes_logged is not None:
        return max(0, int(minutes_logged))
    if hours_logged is None:
        return 0
    if isinstance(hours_logged, float):
        hours_logged = Decimal(str(hours_logged))
    return max(0, int((Decimal(hours_logged) * 60).to_integral_value(rounding=ROUND_HALF_UP)))


def _settle_split(
    *, eng: Engagement, actor: Actor | None, talent_minor: int, kind: str, reason: str, data: dict[str, Any]
) -> LedgerTransaction:
    """held −fee → talent +talent_minor, company (refund) the rest with its platform fee share."""
    fee = Money(eng.fee_minor, eng.currency)
    project = eng.project
    held = ledger.account_for(AccountKind.HELD, fee.currency, project=project)
    ledger.lock_accounts([held])
    if _existing_settlement(eng) is not None:
        raise Conflict(gettext("This engagement was already settled."), code="engagement_already_settled")
    legs, refunds = _refund_legs_and_rows(
        project=project,
        engagement=eng,
        amount_from_held=fee.amount_minor - talent_minor,
        currency=fee.currency,
        reason=reason,
        key=f"refund:{kind}:{eng.pk}",
    )
    legs.append((held, -fee.amount_minor))
    if talent_minor:
        legs.append((ledger.account_for(AccountKind.TALENT_BALANCE, fee.currency, user=eng.talent), talent_minor))
    return ledger.post_transaction(
        kind=kind,
        legs=legs,
        description=reason,
        idempotency_key=f"{kind}:{eng.pk}",
        organization=project.organization,
        project=project,
        engagement=eng,
        user=eng.talent,
        created_by=actor,
        data={**data, "talent_minor": talent_minor, **_refund_data(refunds)},
    )


def engagement_settle_cancellation(
    *,
    engagement: Engagement,
    actor: Actor | None,
    hours_logged: Decimal | int | None = None,
    minutes_logged: int | None = None,
    estimated_hours: int | None = None,
) -> LedgerTransaction:
    """Settle a cancelled engagement: the talent gets fee × logged / estimated (capped at the fee),
    the company gets the rest back (with its platform fee share); no hours → a full refund.

    Preconditions: the engagement's status is ``cancelled`` (``engagement_not_cancelled`` 409
    otherwise); pass the logged time as ``minutes_logged`` or ``hours_logged``; the estimate
    defaults to the project's. Once per engagement (``engagement_already_settled``).
    Locks: the project's held account. Enqueues: the refund's provider call on commit.
    """
    with transaction.atomic():
        eng = _load_engagement(engagement)
        if eng.status != EngagementStatus.CANCELLED:
            raise Conflict(
                gettext("Only a cancelled engagement can be settled this way."), code="engagement_not_cancelled"
            )
        minutes = _minutes(hours_logged, minutes_logged)
        estimate = int(estimated_hours or eng.project.estimated_hours or 1)
        fee = Money(eng.fee_minor, eng.currency)
        talent = min(fee, fee.portion(minutes, estimate * 60)) if minutes else Money.zero(fee.currency)
        txn = _settle_split(
            eng=eng,
            actor=actor,
            talent_minor=talent.amount_minor,
            kind=TransactionKind.CANCELLATION,
            reason=f"Cancellation of {eng.project.title}: {minutes} of {estimate * 60} minutes paid",
            data={"minutes_logged": minutes, "estimated_hours": estimate},
        )
        audit_log(
            actor,
            "engagement.cancellation_settled",
            eng,
            {"talent_minor": talent.amount_minor, "refund_minor": fee.amount_minor - talent.amount_minor},
        )
    return txn


def dispute_split(*, engagement: Engagement, actor: Actor, talent_amount_minor: int) -> LedgerTransaction:
    """Staff resolve a dispute by splitting the held fee: ``talent_amount_minor`` to the talent,
    the rest refunded to the company (with its platform fee share).

    Preconditions: ``actor.is_staff`` (``staff_only`` 403); 0 ≤ amount ≤ fee (``invalid_split``
    422); the engagement is disputed (or already moved on to paid/cancelled by the resolution) and
    not settled (``engagement_already_settled`` 409). Locks: the project's held account.
    Enqueues: the refund's provider call on commit. Writes an audit event.
    """
    if not getattr(actor, "is_staff", False):
        raise PermissionDenied(gettext("Only staff can resolve disputes."), code="staff_only")
    if isinstance(talent_amount_minor, bool) or not isinstance(talent_amount_minor, int):
        raise ValidationFailed(gettext("The talent's share must be an integer of minor units."), code="invalid_split")
    with transaction.atomic():
        eng = _load_engagement(engagement)
        if not 0 <= talent_amount_minor <= eng.fee_minor:
            raise ValidationFailed(
                gettext("The talent's share must be between 0 and %(max)s.") % {"max": eng.fee_minor},
                code="invalid_split",
                errors=[
                    {
                        "field": "talent_amount_minor",
                        "message": gettext("between 0 and %(max)s") % {"max": eng.fee_minor},
                    }
                ],
            )
        if eng.status not in SPLITTABLE_STATUSES:
            raise Conflict(gettext("Only a disputed engagement can be split."), code="engagement_not_disputed")
        txn = _settle_split(
            eng=eng,
            actor=actor,
            talent_minor=talent_amount_minor,
            kind=TransactionKind.DISPUTE_SPLIT,
            reason=f"Dispute on {eng.project.title} resolved by staff",
            data={},
        )
        audit_log(
            actor,
            "engagement.dispute_split",
            eng,
            {"talent_minor": talent_amount_minor, "refund_minor": eng.fee_minor - talent_amount_minor},
        )
    return txn
