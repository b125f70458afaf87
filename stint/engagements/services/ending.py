"""Engagement services: cancellation, its settlement, offering the next applicant, disputes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stint.accounts.models import User
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, ValidationFailed
from stint.core.money import Money
from stint.core.types import Actor
from stint.engagements import timelog_rules
from stint.engagements.choices import (
    ACTIONS,
    CancelledBy,
)
from stint.engagements.conflicts import lost_race, state_changed
from stint.engagements.models import (
    Engagement,
)
from stint.engagements.selectors import (
    org_members,
)
from stint.engagements.services.base import (
    S,
    _claim,
    _fresh,
    _illegal,
    _lock,
    _notify,
    _reliability_changed,
    _require_side,
    _text,
    cancellation_contest_days,
    engagement_url,
)
from stint.projects.choices import ProjectStatus


# --- Cancellation --------------------------------------------------------------------------------
def engagement_cancel(*, actor: User, engagement: Engagement, reason: str) -> Engagement:
    """Cancel an engagement before approval (active, submitted or changes_requested → cancelled).

    By the company (any member): the talent is paid pro rata for the logged hours (capped at the
    fee) and the rest of the opening's fee is refunded; with no hours logged the whole fee is
    refunded. The settlement waits ``STINT_CANCELLATION_CONTEST_DAYS`` (default 3) so the talent
    can dispute the cancellation (0 settles at once); the periodic task
    ``engagements.settle_cancellations`` settles it afterwards.

    By the talent (dropping out): the fee is refunded to the company at once and the company can
    offer the slot to the next shortlisted applicant (``engagement_offer_next``).

    This claims the status only: ``stint.flows.settlement.engagement_cancel`` settles the money
    at once when the contest window is 0 days (``settle_after`` is then now).
    Cancelling again from the same side returns the cancelled engagement; a cancellation that lost
    to the other side's cancellation or to another change (an approval) is
    ``409 engagement_state_changed`` with the state that won (``stint.engagements.conflicts``).
    """
    side = _require_side(actor, engagement, "talent", "company")
    reason = _text(reason, "reason", required=True, label="A reason")
    now = timezone.now()
    by = CancelledBy.COMPANY if side == "company" else CancelledBy.TALENT
    days = cancellation_contest_days() if by == CancelledBy.COMPANY else 0
    with transaction.atomic():
        if not _claim(
            engagement,
            action="cancel",
            cancelled_at=now,
            cancel_reason=reason,
            cancelled_by=by,
            review_deadline=None,
            settle_after=now + datetime.timedelta(days=days),
        ):
            current = _fresh(engagement)
            if current.status == S.CANCELLED and current.cancelled_by == by:
                return current  # the same side cancelled already (a double click): nothing more to do
            if current.status == S.CANCELLED or lost_race(engagement, current, sources=ACTIONS["cancel"].sources):
                raise state_changed(current, "cancel")
            raise _illegal(current, "cancel")
        current = _fresh(engagement)
        audit_log(actor, "engagement.cancelled", current, {"by": by, "reason": reason[:500]})
        _reliability_changed(current)
        if by == CancelledBy.COMPANY:
            _notify(
                [current.talent],
                event="engagement.cancelled",
                title=f"{current.project.title} was cancelled by the company",
                body=f"Reason: {reason[:200]}. You are paid pro rata for the hours you logged"
                + (f"; you can dispute the cancellation within {days} days." if days else "."),
                url=engagement_url(current),
            )
        else:
            _notify(
                org_members(current),
                event="engagement.cancelled",
                title=f"{current.talent} dropped out of {current.project.title}",
                body=f"Reason: {reason[:200]}. The fee is refunded; you can offer the slot to the next "
                "shortlisted applicant (the opening's fee is then charged again).",
                url=engagement_url(current),
            )
    return current


def engagement_mark_settled(*, engagement: Engagement) -> tuple[Engagement, int] | None:
    """Claim the settlement of a cancelled, undisputed engagement once (``settled_at``; the row is
    locked first). Returns the engagement and the logged minutes to pay pro rata (0 for a talent's
    withdrawal), or None when someone else settled it or it was disputed meanwhile. The caller
    (``stint.flows.settlement``) moves the money and then calls ``engagement_record_settlement``."""
    now = timezone.now()
    current = _lock(engagement)
    if not Engagement.objects.filter(pk=current.pk, status=S.CANCELLED, settled_at__isnull=True).update(
        settled_at=now, updated_at=now
    ):
        return None
    minutes = 0 if current.cancelled_by == CancelledBy.TALENT else timelog_rules.payable_minutes(current)
    return current, minutes


def engagement_record_settlement(
    *, actor: Actor | None, engagement: Engagement, minutes: int, share: int
) -> Engagement:
    """Record the talent's share of a settled cancellation and tell them when it is not zero."""
    Engagement.objects.filter(pk=engagement.pk).update(talent_share_minor=share)
    current = _fresh(engagement)
    audit_log(actor, "engagement.settled", current, {"minutes_logged": minutes, "talent_minor": share})
    if share:
        _notify(
            [current.talent],
            event="engagement.settled",
            title=f"{current.project.title}: {Money(share, current.currency).format()} for the hours you logged",
            body="The cancellation was settled pro rata and added to your balance.",
            url=engagement_url(current),
        )
    return current


def engagement_check_offer_next(*, actor: User, engagement: Engagement) -> Engagement:
    """Preconditions of offering a dropped-out slot again: company side, a talent drop-out
    (``not_dropped_out``), an open project (``project_not_open``). Returns the fresh engagement."""
    _require_side(actor, engagement, "company")
    current = _fresh(engagement)
    if current.status != S.CANCELLED or current.cancelled_by != CancelledBy.TALENT:
        raise Conflict("Only a slot the talent dropped out of can be offered again.", code="not_dropped_out")
    if current.project.status != ProjectStatus.OPEN:
        raise Conflict("Offers can only be made on open projects.", code="project_not_open")
    return current


# --- Disputes ------------------------------------------------------------------------------------
def engagement_dispute_open(*, actor: User, engagement: Engagement, reason: str) -> Engagement:
    """Either side disputes a submission, or the talent a company's cancellation before it is
    settled (submitted / cancelled → disputed). The held fee stays held until staff split it."""
    side = _require_side(actor, engagement, "talent", "company")
    reason = _text(reason, "reason", required=True, label="A reason")
    now = timezone.now()
    updates = {
        "status": ACTIONS["dispute"].to,
        "disputed_at": now,
        "dispute_reason": reason,
        "disputed_by": actor,
        "review_deadline": None,
        "updated_at": now,
    }
    with transaction.atomic():
        # From the table's sources; a cancellation only until it is settled.
        disputable = Q(status__in=ACTIONS["dispute"].sources) & ~Q(status=S.CANCELLED, settled_at__isnull=False)
        claimed = Engagement.objects.filter(disputable, pk=engagement.pk).update(**updates)
        current = _fresh(engagement)
        if not claimed:
            if current.status == S.DISPUTED:
                return current
            if current.status == S.CANCELLED:
                raise Conflict("This cancellation is already settled.", code="engagement_already_settled")
            raise _illegal(current, "dispute")
        audit_log(actor, "engagement.disputed", current, {"by": side, "reason": reason[:500]})

        staff = list(User.objects.filter(is_staff=True, is_active=True)[:20])
        other = org_members(current) if side == "talent" else [current.talent]
        _notify(
            [*other, *staff],
            event="engagement.disputed",
            title=f"Dispute opened on {current.project.title}",
            body=reason[:300],
            url=engagement_url(current),
            exclude=actor,
        )
    return current


def engagement_mark_resolved(
    *, staff: Actor, engagement: Engagement, talent_amount_minor: int, note: str = ""
) -> Engagement:
    """Staff claim the resolution of a disputed engagement: disputed → paid when the talent gets a
    share, → cancelled when they get nothing. Validates the split (``invalid_split``) before any
    write; ``stint.flows.settlement.engagement_dispute_resolve`` splits the held fee next and then
    calls ``engagement_record_resolution``, all in one transaction."""
    if not getattr(staff, "is_staff", False):
        raise NotFound("Engagement not found.")
    note = _text(note, "note", required=False, label="The note")
    if isinstance(talent_amount_minor, bool) or not isinstance(talent_amount_minor, int):
        raise ValidationFailed("The talent's share must be an integer.", code="invalid_split")
    if not 0 <= talent_amount_minor <= engagement.fee_minor:
        raise ValidationFailed(
            f"The talent's share must be between 0 and {engagement.fee_minor}.",
            code="invalid_split",
            errors=[{"field": "talent_amount_minor", "message": f"Between 0 and {engagement.fee_minor}."}],
        )
    now = timezone.now()
    to = S.PAID if talent_amount_minor > 0 else S.CANCELLED
    extra: dict[str, Any] = {"approved_at": now, "paid_at": now} if to == S.PAID else {"cancelled_at": now}
    if not _claim(
        engagement,
        action="resolve" if to == S.PAID else "resolve-nothing",
        resolved_at=now,
        resolution_note=note,
        talent_share_minor=talent_amount_minor,
        settled_at=now,
        **extra,
    ):
        raise _illegal(_fresh(engagement), "resolve")
    return _fresh(engagement)


def engagement_record_resolution(*, staff: Actor, engagement: Engagement, talent_amount_minor: int) -> Engagement:
    """After the split: audit, both sides told, reliability figures dropped on commit."""
    current = _fresh(engagement)
    note = current.resolution_note
    _reliability_changed(current)
    audit_log(
        staff,
        "engagement.dispute_resolved",
        current,
        {
            "talent_minor": talent_amount_minor,
            "refund_minor": current.fee_minor - talent_amount_minor,
            "note": note,
        },
    )
    _notify(
        [current.talent, *org_members(current)],
        event="engagement.dispute_resolved",
        title=f"Dispute on {current.project.title} resolved",
        body=f"{Money(talent_amount_minor, current.currency).format()} to the talent, the rest refunded. {note[:200]}",
        url=engagement_url(current),
    )
    return current
