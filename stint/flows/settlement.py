"""Settlement: the commands that end an engagement and move its money.

Each command claims the engagement's transition in the engagements app (``*_mark_*``, a
conditional update), moves the money in the payments app, then records the outcome in the
engagements app (audit, notifications, reliability figures on commit), all in ONE transaction: the
status and the ledger commit together or not at all. The payments services are called through
their module (``payments.engagement_release``) so a test can patch them in one place.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.accounts.actors import Actor, User
from stint.applications.models import Application
from stint.applications.selectors import best_shortlisted_application
from stint.core.audit import audit_log
from stint.core.errors import Conflict
from stint.credentials.services import credential_issue_for_engagement
from stint.engagements import selectors as engagement_selectors
from stint.engagements import services as engagements
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Engagement
from stint.flows import hiring
from stint.payments import services as payments

logger = logging.getLogger(__name__)


def engagement_approve(*, actor: User | None, engagement: Engagement, auto: bool = False) -> Engagement:
    """Approve a submission and release the fee to the talent's balance (submitted → approved → paid).

    In one transaction: claim submitted → approved (``engagement_mark_approved``), release the
    held fee to the talent's balance exactly once (``payments.engagement_release``), then approved
    → paid (``engagement_mark_paid``: audit, both sides told, reliability figures dropped on
    commit). "Paid" means the fee is in the talent's balance (a payout to their bank is a separate,
    talent-initiated step). Idempotent: approving an approved or paid engagement returns it
    unchanged (no second release). ``auto=True`` is the review-window auto-release (actor None).
    Any failure of the release rolls the status back. Last step: the talent's Open Badges
    credential is issued (``_issue_credential``), in the same transaction as the release.
    """
    with transaction.atomic():
        current, won = engagements.engagement_mark_approved(actor=actor, engagement=engagement, auto=auto)
        if not won:
            return current
        payments.engagement_release(engagement=current, actor=actor)
        paid = engagements.engagement_mark_paid(actor=actor, engagement=current, auto=auto)
        _issue_credential(paid)
        return paid


def _issue_credential(engagement: Engagement) -> None:
    """Issue the proof-of-work credential of a paid engagement inside the approval's transaction
    (one savepoint). The money has moved by then, so a failure here (a key problem, say) must not
    undo it: it is logged, and the periodic ``credentials.sweep`` issues what is missing."""
    try:
        with transaction.atomic():
            credential_issue_for_engagement(engagement=engagement)
    except Exception:
        logger.exception("credential for engagement %s not issued; the sweep will retry", engagement.pk)


def engagements_auto_release(now: datetime.datetime | None = None) -> int:
    """Approve every submitted engagement whose review deadline passed (periodic task).

    Requests for changes, disputes and cancellations move the engagement out of ``submitted`` (and
    clear the deadline), so the conditional claim in ``engagement_mark_approved`` never releases
    after them. One failure (e.g. missing held funds) is logged and does not stop the others.
    Returns how many were released.
    """
    now = now or timezone.now()
    released = 0
    for pk in engagement_selectors.engagement_ids_due_for_auto_release(now):
        engagement = Engagement.objects.get(pk=pk)
        try:
            result = engagement_approve(actor=None, engagement=engagement, auto=True)
        except Exception:  # one bad row must not block the rest; the task runs again
            logger.exception("auto-release of engagement %s failed", pk)
            continue
        if result.auto_released:
            released += 1
    return released


def engagement_cancel(*, actor: User, engagement: Engagement, reason: str) -> Engagement:
    """Cancel an engagement before approval (``engagements.engagement_cancel`` claims it and tells
    the other side). When the contest window is 0 days (a talent's withdrawal, or
    ``STINT_CANCELLATION_CONTEST_DAYS=0``) the money is settled at once, in the same transaction;
    otherwise the periodic ``engagements.settle_cancellations`` job settles it later."""
    with transaction.atomic():
        current = engagements.engagement_cancel(actor=actor, engagement=engagement, reason=reason)
        if (
            current.status == EngagementStatus.CANCELLED
            and current.settled_at is None
            and current.settle_after is not None
            and current.settle_after <= timezone.now()
        ):
            engagement_settle_cancelled(engagement=current, actor=actor)
            current = Engagement.objects.select_related("project", "project__organization", "talent").get(pk=current.pk)
    return current


def engagement_settle_cancelled(*, engagement: Engagement, actor: User | None = None) -> Engagement | None:
    """Settle a cancelled, undisputed engagement once (claimed with ``settled_at``).

    A talent's withdrawal refunds the whole fee; a company's cancellation pays the logged minutes
    pro rata (``payments.engagement_settle_cancellation``; capped at the fee). Returns None when
    someone else settled it or it was disputed meanwhile.
    """
    with transaction.atomic():
        claimed = engagements.engagement_mark_settled(engagement=engagement)
        if claimed is None:
            return None
        current, minutes = claimed
        txn = payments.engagement_settle_cancellation(engagement=current, actor=actor, minutes_logged=minutes)
        share = int((txn.data or {}).get("talent_minor", 0))
        return engagements.engagement_record_settlement(actor=actor, engagement=current, minutes=minutes, share=share)


def engagements_settle_cancellations(now: datetime.datetime | None = None) -> int:
    """Settle every cancelled engagement whose contest window passed without a dispute."""
    now = now or timezone.now()
    settled = 0
    for engagement in engagement_selectors.engagements_due_for_settlement(now):
        try:
            if engagement_settle_cancelled(engagement=engagement, actor=None) is not None:
                settled += 1
        except Exception:
            logger.exception("settling cancelled engagement %s failed", engagement.pk)
    return settled


def engagement_offer_next(*, actor: User, engagement: Engagement) -> Application:
    """After the talent dropped out, offer the slot to the best shortlisted applicant. Returns the
    offered application.

    Order: the preconditions (``engagement_check_offer_next``: company side, ``not_dropped_out``,
    ``project_not_open``) and a shortlisted applicant (``no_shortlisted_applicant``) are checked
    before charging; then the opening is funded again (``payments.project_fund_opening``: fee plus
    platform fee into held funds, outside any transaction; at most one live top-up per dropped
    engagement, so offering again after a declined offer or a double click charges once). A failed
    charge raises ``payment_failed`` (402) and nothing is offered; ``payment_pending`` (409) while
    the provider has not answered. Then ``hiring.application_offer``. If the offer itself is
    refused, the top-up stays held for the next attempt and is refunded as unused when the project
    closes.
    """
    current = engagements.engagement_check_offer_next(actor=actor, engagement=engagement)
    candidate = best_shortlisted_application(project_id=current.project_id)
    if candidate is None:
        raise Conflict(_("No shortlisted applicant is waiting for this project."), code="no_shortlisted_applicant")
    funding = payments.project_fund_opening(project=current.project, actor=actor, replaces=current)
    application = hiring.application_offer(actor=actor, application=candidate)
    audit_log(
        actor,
        "engagement.offered_next",
        current,
        {"application": str(application.pk), "funding_id": str(funding.pk)},
    )
    return application


def engagement_dispute_resolve(
    *, staff: Actor, engagement: Engagement, talent_amount_minor: int, note: str = ""
) -> Engagement:
    """Staff split the held fee of a disputed engagement: the claim (``engagement_mark_resolved``:
    disputed → paid when the talent gets a share, → cancelled when they get nothing), the split
    (``payments.dispute_split``) and the record (audit, notifications) commit together."""
    with transaction.atomic():
        current = engagements.engagement_mark_resolved(
            staff=staff, engagement=engagement, talent_amount_minor=talent_amount_minor, note=note
        )
        payments.dispute_split(engagement=current, actor=staff, talent_amount_minor=talent_amount_minor)
        resolved = engagements.engagement_record_resolution(
            staff=staff, engagement=current, talent_amount_minor=talent_amount_minor
        )
        if resolved.status == EngagementStatus.PAID:
            _issue_credential(resolved)
        return resolved
