"""Money services: the writes that other apps (project publish, the engagement state machine) and
this app's endpoints call. Every ledger write goes through ``stint.payments.ledger``.

Rules (docs/payments.md): the company pays fee × openings plus the platform fee
(``STINT_PLATFORM_FEE_BPS`` basis points, default 1000 = 10 %) on top; talent receive 100 % of
the fee. Money refunded to the company (unused openings, cancellations, dispute splits) carries
back the platform fee in proportion, never more than the project paid.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum

from stint.core.audit import audit_log
from stint.core.errors import ApplicationError, Conflict, PermissionDenied, ValidationFailed
from stint.core.money import SUPPORTED_CURRENCIES, Money
from stint.core.types import Actor, User
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Engagement
from stint.payments import ledger
from stint.payments.choices import SETTLEMENT_KINDS, AccountKind, FundingPurpose, OperationStatus, TransactionKind
from stint.payments.models import Funding, LedgerEntry, LedgerTransaction, Payout, Refund
from stint.payments.operations import funding_execute, payout_execute, refund_execute
from stint.payments.providers import get_provider
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project

APPROVED_STATUSES = ("approved", "paid")
SPLITTABLE_STATUSES = ("disputed", "cancelled", "paid")


def platform_fee_bps() -> int:
    return settings.STINT_PLATFORM_FEE_BPS


# --- Funding -------------------------------------------------------------------------------------
def funding_quote(project: Any) -> dict[str, Money]:
    """What funding ``project`` costs: held (fee × openings), platform fee, total."""
    held = Money(project.fee_minor, project.currency) * int(project.openings)
    fee = held.basis_points(platform_fee_bps())
    return {"held": held, "platform_fee": fee, "total": held + fee}


def opening_quote(project: Any) -> dict[str, Money]:
    """What topping up ONE opening costs: held (the fee), platform fee, total."""
    held = Money(project.fee_minor, project.currency)
    fee = held.basis_points(platform_fee_bps())
    return {"held": held, "platform_fee": fee, "total": held + fee}


def _funding_outcome(funding: Funding) -> Funding:
    if funding.status == OperationStatus.SUCCEEDED:
        return funding
    if funding.status == OperationStatus.FAILED:
        raise ApplicationError(
            f"The payment failed: {funding.failure_reason or 'the card was declined.'}",
            code="payment_failed",
            status=402,
        )
    raise Conflict("The payment is still being processed; try again in a minute.", code="payment_pending", status=409)


LIVE_STATUSES = (OperationStatus.PENDING, OperationStatus.SUCCEEDED)


def _replay_key(idempotency_key: str | None, project: Any) -> Funding | None:
    """The funding already made with ``idempotency_key`` (a replay), or None."""
    if not idempotency_key:
        return None
    existing = Funding.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None and existing.project_id != project.pk:
        raise Conflict("This idempotency key was used for another project.", code="idempotency_key_reused")
    return existing


def _charge(funding: Funding, actor: Actor, project: Any) -> Funding:
    """Call the provider for a pending funding (outside transactions), audit, and return the outcome."""
    funding = funding_execute(funding.pk)
    # project.funded / project.funding_failed; project.opening_funded / project.opening_funding_failed
    stem = "project." if funding.purpose == FundingPurpose.INITIAL else "project.opening_"
    succeeded = funding.status == OperationStatus.SUCCEEDED
    code = f"{stem}funded" if succeeded else f"{stem}funding_{funding.status}"
    audit_log(
        actor,
        code,
        project,
        {
            "funding_id": str(funding.pk),
            "purpose": funding.purpose,
            "amount_minor": funding.amount_minor,
            "currency": funding.currency,
        },
    )
    return _funding_outcome(funding)


def project_fund(*, project: Any, actor: Actor, idempotency_key: str | None = None) -> Funding:
    """Charge the organization fee × openings + platform fee and move it into held funds.

    Preconditions: call OUTSIDE ``transaction.atomic`` (the provider is called in between two
    short transactions). Returns the succeeded ``Funding``; a project already funded returns its
    funding (a replayed publish charges nothing). Raises ``payment_failed`` (402) when the charge
    fails, leaving no held funds; ``payment_pending`` (409) while the provider has not answered
    (reconciliation settles it later). The unique "one live initial funding per project"
    constraint makes concurrent publishes charge once. Locks: none (the ledger move only
    credits). Enqueues nothing.
    """
    project = Project.objects.select_related("organization").get(pk=project.pk)
    existing = _replay_key(idempotency_key, project)
    if existing is not None:
        return _funding_outcome(existing)
    live_initial = Funding.objects.filter(project=project, purpose=FundingPurpose.INITIAL, status__in=LIVE_STATUSES)
    live = live_initial.first()
    if live is not None:
        return _funding_outcome(live)
    quote = funding_quote(project)
    try:
        with transaction.atomic():
            funding = Funding.objects.create(
                project=project,
                organization=project.organization,
                purpose=FundingPurpose.INITIAL,
                amount_minor=quote["total"].amount_minor,
                held_minor=quote["held"].amount_minor,
                platform_fee_minor=quote["platform_fee"].amount_minor,
                currency=project.currency,
                openings=project.openings,
                provider=get_provider().name,
                idempotency_key=idempotency_key or f"project-fund:{project.pk}:{uuid.uuid4().hex}",
                created_by=actor if actor.is_authenticated else None,
            )
    except IntegrityError:
        live = live_initial.first()
        if live is None:
            raise
        return _funding_outcome(live)
    return _charge(funding, actor, project)


def project_fund_opening(
    *, project: Any, actor: Actor, idempotency_key: str | None = None, replaces: Any = None
) -> Funding:
    """Top up held funds by ONE opening: charge the project's fee plus its platform fee.

    Used when a talent dropped out (their opening's fee was refunded at once) and the company
    offers the slot to the next applicant (``engagement_offer_next``): without a top-up the
    replacement's approval would find no held funds (``insufficient_held_funds``).

    Preconditions: call OUTSIDE ``transaction.atomic`` (the provider is called between two short
    transactions, as for ``project_fund``). ``replaces`` is the engagement the talent left: at most
    one live (pending or succeeded) top-up exists per such engagement (a database constraint), so
    a repeated or concurrent call returns the same funding and charges once; after a failed charge
    a new call charges again. ``idempotency_key``: the same key returns the same funding (its
    outcome replayed; another project → ``idempotency_key_reused`` 409). Raises ``payment_failed``
    (402) when the charge fails (nothing is held) and ``payment_pending`` (409) while the provider
    has not answered. Locks: none (the ledger move only credits). Enqueues nothing. The money is
    refunded like any held funds: released on approval, or refunded as unused when the project
    closes (``project_refund_unused``).
    """
    project = Project.objects.select_related("organization").get(pk=project.pk)
    existing = _replay_key(idempotency_key, project)
    if existing is not None:
        return _funding_outcome(existing)
    if replaces is not None and replaces.project_id != project.pk:
        raise ValidationFailed("The engagement belongs to another project.", code="engagement_not_in_project")
    if project.status != ProjectStatus.OPEN:
        raise Conflict("Only an open project can be topped up.", code="project_not_open")
    live_top_up = Funding.objects.filter(
        purpose=FundingPurpose.TOP_UP, replaces_engagement=replaces, status__in=LIVE_STATUSES
    )
    if replaces is not None:
        live = live_top_up.first()
        if live is not None:
            return _funding_outcome(live)
    quote = opening_quote(project)
    try:
        with transaction.atomic():
            funding = Funding.objects.create(
                project=project,
                organization=project.organization,
                purpose=FundingPurpose.TOP_UP,
                replaces_engagement=replaces,
                amount_minor=quote["total"].amount_minor,
                held_minor=quote["held"].amount_minor,
                platform_fee_minor=quote["platform_fee"].amount_minor,
                currency=project.currency,
                openings=1,
                provider=get_provider().name,
                idempotency_key=idempotency_key or f"project-fund-opening:{project.pk}:{uuid.uuid4().hex}",
                created_by=actor if actor.is_authenticated else None,
            )
    except IntegrityError:
        live = live_top_up.first() if replaces is not None else _replay_key(idempotency_key, project)
        if live is None:
            raise
        return _funding_outcome(live)
    funding = _charge(funding, actor, project)
    # The project closed while the provider was charging: its unused funds were already refunded,
    # so refund this top-up too rather than leave it held with no opening to fill.
    if Project.objects.filter(pk=project.pk).values_list("status", flat=True).get() != "open":
        project_refund_unused(project=project, actor=actor)
        raise Conflict(
            "The project closed while it was being topped up; the charge is refunded.", code="project_not_open"
        )
    return funding


def _project_platform_fee_remaining(project: Any, currency: str) -> int:
    total = LedgerEntry.objects.filter(
        transaction__project=project, account__kind=AccountKind.PLATFORM_FEES, currency=currency
    ).aggregate(total=Sum("amount_minor"))["total"]
    return int(total or 0)


def _platform_fee_share(project: Any, refunded: Money) -> int:
    """The platform fee that goes back with ``refunded``: its share at the current rate, capped
    by what the project still has in platform fees (so rounding never refunds more than paid)."""
    if refunded.amount_minor <= 0:
        return 0
    share = refunded.basis_points(platform_fee_bps()).amount_minor
    return max(0, min(share, _project_platform_fee_remaining(project, refunded.currency)))


def _refund_legs_and_rows(
    *, project: Any, engagement: Any, amount_from_held: int, currency: str, reason: str, key: str
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


def _refund_allocation(project: Any, total: int) -> list[tuple[Funding | None, int]]:
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


def project_refund_unused(*, project: Any, actor: Actor, openings_used: int | None = None) -> Refund | None:
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


# --- Engagement settlements ----------------------------------------------------------------------
def _load_engagement(engagement: Any) -> Any:
    return Engagement.objects.select_related("project", "project__organization", "talent").get(pk=engagement.pk)


def _existing_settlement(engagement: Any) -> LedgerTransaction | None:
    return LedgerTransaction.objects.filter(engagement=engagement, kind__in=SETTLEMENT_KINDS).first()


def engagement_release(*, engagement: Any, actor: Actor) -> LedgerTransaction:
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
            raise Conflict("Only an approved engagement can be paid.", code="engagement_not_approved")
        fee = Money(eng.fee_minor, eng.currency)
        held = ledger.account_for(AccountKind.HELD, fee.currency, project=eng.project)
        balance = ledger.account_for(AccountKind.TALENT_BALANCE, fee.currency, user=eng.talent)
        ledger.lock_accounts([held])
        existing = _existing_settlement(eng)
        if existing is not None:
            if existing.kind == TransactionKind.RELEASE:
                return existing
            raise Conflict("This engagement was already settled.", code="engagement_already_settled")
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


def _minutes(hours_logged: Any, minutes_logged: int | None) -> int:
    if minutes_logged is not None:
        return max(0, int(minutes_logged))
    if hours_logged is None:
        return 0
    if isinstance(hours_logged, float):
        hours_logged = Decimal(str(hours_logged))
    return max(0, int((Decimal(hours_logged) * 60).to_integral_value(rounding=ROUND_HALF_UP)))


def _settle_split(
    *, eng: Any, actor: Actor, talent_minor: int, kind: str, reason: str, data: dict[str, Any]
) -> LedgerTransaction:
    """held −fee → talent +talent_minor, company (refund) the rest with its platform fee share."""
    fee = Money(eng.fee_minor, eng.currency)
    project = eng.project
    held = ledger.account_for(AccountKind.HELD, fee.currency, project=project)
    ledger.lock_accounts([held])
    if _existing_settlement(eng) is not None:
        raise Conflict("This engagement was already settled.", code="engagement_already_settled")
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
    engagement: Any,
    actor: Actor,
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
            raise Conflict("Only a cancelled engagement can be settled this way.", code="engagement_not_cancelled")
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


def dispute_split(*, engagement: Any, actor: Actor, talent_amount_minor: int) -> LedgerTransaction:
    """Staff resolve a dispute by splitting the held fee: ``talent_amount_minor`` to the talent,
    the rest refunded to the company (with its platform fee share).

    Preconditions: ``actor.is_staff`` (``staff_only`` 403); 0 ≤ amount ≤ fee (``invalid_split``
    422); the engagement is disputed (or already moved on to paid/cancelled by the resolution) and
    not settled (``engagement_already_settled`` 409). Locks: the project's held account.
    Enqueues: the refund's provider call on commit. Writes an audit event.
    """
    if not getattr(actor, "is_staff", False):
        raise PermissionDenied("Only staff can resolve disputes.", code="staff_only")
    if isinstance(talent_amount_minor, bool) or not isinstance(talent_amount_minor, int):
        raise ValidationFailed("The talent's share must be an integer of minor units.", code="invalid_split")
    with transaction.atomic():
        eng = _load_engagement(engagement)
        if not 0 <= talent_amount_minor <= eng.fee_minor:
            raise ValidationFailed(
                f"The talent's share must be between 0 and {eng.fee_minor}.",
                code="invalid_split",
                errors=[{"field": "talent_amount_minor", "message": f"between 0 and {eng.fee_minor}"}],
            )
        if eng.status not in SPLITTABLE_STATUSES:
            raise Conflict("Only a disputed engagement can be split.", code="engagement_not_disputed")
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


# --- Payouts -------------------------------------------------------------------------------------
def payout_request(*, user: User, amount_minor: int, currency: str, idempotency_key: str) -> Payout:
    """Pay ``amount_minor`` of the talent's available balance out through the provider.

    Preconditions: call OUTSIDE ``transaction.atomic`` (the provider is called between two short
    transactions). 0 < amount ≤ available balance (``invalid_amount`` / ``insufficient_balance``,
    422). The same ``idempotency_key`` returns the same payout; with another amount or currency it
    is ``idempotency_key_reused`` (422). Locks: the talent's balance account while the amount moves
    to "in transit", so concurrent requests never overdraw it. Returns the payout, succeeded,
    failed (money back in the balance) or pending (the reconciliation task settles it).
    """
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor <= 0:
        raise ValidationFailed(
            "Enter a positive amount.",
            code="invalid_amount",
            errors=[{"field": "amount_minor", "message": "must be positive"}],
        )
    currency = (currency or "").upper()
    if currency not in SUPPORTED_CURRENCIES:
        raise ValidationFailed(
            "Unsupported currency.", code="invalid_currency", errors=[{"field": "currency", "message": "unsupported"}]
        )
    key = (idempotency_key or "").strip()
    if not key or len(key) > 255:
        raise ValidationFailed("A payout needs an idempotency key.", code="idempotency_key_invalid")

    def replay(existing: Payout) -> Payout:
        if existing.amount_minor != amount_minor or existing.currency != currency:
            raise ValidationFailed("This idempotency key was used for another payout.", code="idempotency_key_reused")
        return existing

    existing = Payout.objects.filter(user=user, idempotency_key=key).first()
    if existing is not None:
        return replay(existing)
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
                    f"You can pay out at most {Money(available, currency)}.",
                    code="insufficient_balance",
                    errors=[{"field": "amount_minor", "message": f"at most {available}"}],
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


__all__ = [
    "dispute_split",
    "engagement_release",
    "engagement_settle_cancellation",
    "funding_quote",
    "opening_quote",
    "payout_request",
    "project_fund",
    "project_fund_opening",
    "project_refund_unused",
    "refund_execute",
]
