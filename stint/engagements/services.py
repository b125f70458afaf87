"""Writes on engagements: the lifecycle (docs/engagements.md).

Every status change is one service that claims its transition with a conditional update
(``filter(pk=…, status=old).update(status=new)``) and checks the count, so two concurrent requests
(a click racing the auto-release, an approval racing a cancellation or a dispute) cannot both
succeed. Money never moves here: the services call ``stint.payments.services`` (release,
cancellation settlement, dispute split) inside the same transaction as the status change, so the
status and the ledger commit together or not at all. Notifications are created in the transaction
(``notify`` sends email on commit).
"""

from __future__ import annotations

import datetime
import logging
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from stint.accounts.models import User
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.engagements.choices import (
    ACTIONS,
    APPROVED_STATUSES,
    WORKING_STATUSES,
    CancelledBy,
    EngagementStatus,
    OverrunDecision,
)
from stint.engagements.files import check_files
from stint.engagements.models import (
    MAX_MINUTES_PER_ENTRY,
    ChangeRequest,
    Engagement,
    Milestone,
    Review,
    Submission,
    SubmissionFile,
    TimeEntry,
)
from stint.engagements.selectors import (
    engagement_side,
    logged_minutes,
    org_members,
)
from stint.notifications.services import notify
from stint.organizations import reliability
from stint.projects.models import ProjectSkill
from stint.skills.models import Skill

logger = logging.getLogger(__name__)
S = EngagementStatus

MAX_TEXT_CHARS = 5_000
MAX_LINKS = 20
REVIEW_BLIND_DAYS = 14


# --- Helpers -------------------------------------------------------------------------------------
def engagement_url(engagement: Engagement) -> str:
    return f"/engagements/{engagement.pk}/"


def review_window_days() -> int:
    return settings.STINT_REVIEW_WINDOW_DAYS


def max_change_rounds() -> int:
    return settings.STINT_MAX_CHANGE_ROUNDS


def cancellation_contest_days() -> int:
    """Days a company cancellation waits before it is settled, so the talent can dispute it."""
    return settings.STINT_CANCELLATION_CONTEST_DAYS


def _notify(users: list[Any], *, event: str, title: str, body: str, url: str, exclude: Any = None) -> None:
    for user in users:
        if exclude is not None and user.pk == getattr(exclude, "pk", None):
            continue
        notify(user=user, event=event, title=title, body=body, url=url)


def _reliability_changed(engagement: Engagement) -> None:
    """The organization's public completion and pay figures changed: drop their cache on commit.

    ``robust``: the write has committed by then; a cache failure is logged, never a 500."""
    organization = engagement.project.organization
    transaction.on_commit(lambda: reliability.organization_reliability_invalidate(organization), robust=True)


def _fresh(engagement: Any) -> Engagement:
    return Engagement.objects.select_related("project", "project__organization", "talent").get(pk=engagement.pk)


def _lock(engagement: Any) -> Engagement:
    """Lock the engagement row (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers)."""
    return (
        Engagement.objects.select_for_update()
        .select_related("project", "project__organization", "talent")
        .get(pk=engagement.pk)
    )


def _claim(engagement: Any, *, action: str, **updates: Any) -> bool:
    """Claim ``engagement``'s move by ``action`` (``ACTIONS`` in choices.py: from one of its sources
    to its target); True when this call won."""
    transition = ACTIONS[action]
    return bool(
        Engagement.objects.filter(pk=engagement.pk, status__in=transition.sources).update(
            status=transition.to, updated_at=timezone.now(), **updates
        )
    )


def _illegal(current: Engagement, action: str) -> Conflict:
    return Conflict(
        f"This engagement is {current.get_status_display().lower()}; you cannot {action} it now.",
        code="illegal_transition",
    )


def _text(value: str | None, field: str, *, required: bool, label: str) -> str:
    text = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationFailed(
            f"{label} is required.", code=f"{field}_required", errors=[{"field": field, "message": "Required."}]
        )
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationFailed(
            f"{label} is too long.",
            code=f"{field}_too_long",
            errors=[{"field": field, "message": f"At most {MAX_TEXT_CHARS} characters."}],
        )
    return text


def _require_side(user: Any, engagement: Engagement, *sides: str) -> str:
    """The user's side, or NotFound for outsiders and PermissionDenied for the wrong side."""
    side = engagement_side(user=user, engagement=engagement)
    if side is None:
        raise NotFound("Engagement not found.")
    if side not in sides:
        raise PermissionDenied("This action belongs to the other side of the engagement.", code="wrong_side")
    return side


def _clean_links(links: list[Any] | None) -> list[str]:
    cleaned: list[str] = []
    for raw in links or []:
        link = str(raw or "").strip()
        if not link:
            continue
        parsed = urlparse(link)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(link) > 500:
            raise ValidationFailed(
                f"{link[:80]} is not an http(s) link.",
                code="invalid_link",
                errors=[{"field": "links", "message": "Use full http(s) links."}],
            )
        cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(
            f"At most {MAX_LINKS} links.", code="too_many_links", errors=[{"field": "links", "message": "Too many."}]
        )
    return cleaned


# --- Hire ----------------------------------------------------------------------------------------
def engagement_create_for_hire(*, application: Any, actor: Any) -> Engagement:
    """Create the active engagement of a hired application (called by ``application_accept`` inside
    its transaction, after it locked the project). Idempotent: one engagement per application."""
    project = application.project
    engagement, created = Engagement.objects.get_or_create(
        application=application,
        defaults={
            "project": project,
            "talent_id": application.talent_id,
            "status": S.ACTIVE,
            "fee_minor": project.fee_minor,
            "currency": project.currency,
            "due_date": project.due_date,
        },
    )
    if created:
        audit_log(actor, "engagement.created", engagement, {"application": str(application.pk)})
    return engagement


# --- Milestones and time -------------------------------------------------------------------------
def milestone_create(*, actor: Any, engagement: Engagement, title: str, due_date: datetime.date | None) -> Milestone:
    """Either side adds a milestone to an open engagement."""
    _require_side(actor, engagement, "talent", "company")
    title = _text(title, "title", required=True, label="A title")[:200]
    if engagement.status not in (*WORKING_STATUSES, S.SUBMITTED):
        raise _illegal(engagement, "plan")
    with transaction.atomic():
        milestone = Milestone.objects.create(engagement=engagement, title=title, due_date=due_date)
        audit_log(actor, "engagement.milestone_added", engagement, {"milestone": str(milestone.pk), "title": title})
    return milestone


def milestone_complete(*, actor: Any, milestone: Milestone) -> Milestone:
    """Mark a milestone done (idempotent)."""
    _require_side(actor, milestone.engagement, "talent", "company")
    if milestone.done_at is None:
        now = timezone.now()
        if Milestone.objects.filter(pk=milestone.pk, done_at__isnull=True).update(done_at=now):
            audit_log(actor, "engagement.milestone_done", milestone.engagement, {"milestone": str(milestone.pk)})
        milestone.refresh_from_db()
    return milestone


def minutes_from_hours(value: str | Decimal) -> int:
    """Hours as typed ("1.5", "1,5") or sent (a decimal) → whole minutes, rounded half up.
    Both faces use it; ``time_entry_log`` then checks the range."""
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationFailed("Enter hours as a number, e.g. 1.5.", code="invalid_minutes") from exc
    if not hours.is_finite():
        raise ValidationFailed("Enter hours as a number, e.g. 1.5.", code="invalid_minutes")
    return int((hours * 60).to_integral_value(rounding=ROUND_HALF_UP))


def time_entry_log(
    *, talent: Any, engagement: Engagement, date: datetime.date, minutes: int, note: str = ""
) -> TimeEntry:
    """The engaged talent logs time while the work is open (active or changes requested).

    The date may not be in the future nor before the engagement started; 1 to 1,440 minutes per
    entry. Locks the engagement row so an entry cannot slip in after a cancellation's settlement
    counted the hours.
    """
    _require_side(talent, engagement, "talent")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES_PER_ENTRY:
        raise ValidationFailed(
            "Log between 1 minute and 24 hours per entry.",
            code="invalid_minutes",
            errors=[{"field": "minutes", "message": "Between 1 and 1440 minutes."}],
        )
    today = timezone.localdate()
    if date > today:
        raise ValidationFailed(
            "You cannot log time in the future.",
            code="date_in_future",
            errors=[{"field": "date", "message": "Not after today."}],
        )
    start = timezone.localdate(engagement.created_at)
    if date < start:
        raise ValidationFailed(
            f"The engagement started on {start:%Y-%m-%d}.",
            code="date_before_start",
            errors=[{"field": "date", "message": f"On or after {start:%Y-%m-%d}."}],
        )
    note = _text(note, "note", required=False, label="The note")[:500]
    with transaction.atomic():
        current = _lock(engagement)
        if current.status not in WORKING_STATUSES:
            raise _illegal(current, "log time on")
        before = logged_minutes(current)
        entry = TimeEntry.objects.create(engagement=current, talent=talent, date=date, minutes=minutes, note=note)
        audit_log(talent, "engagement.time_logged", current, {"minutes": minutes, "date": date.isoformat()})
        estimate = current.project.estimated_hours * 60
        if before <= estimate < before + minutes:
            _notify(
                [current.talent, *org_members(current)],
                event="engagement.scope_overrun",
                title=f"Logged time on {current.project.title} passed the estimate",
                body=f"{(before + minutes) / 60:.1f} h logged for an estimate of {current.project.estimated_hours} h. "
                "The fee does not change; the company can approve the extra hours or adjust the scope.",
                url=engagement_url(current),
            )
    return entry


def time_entry_delete(*, talent: Any, entry: TimeEntry) -> None:
    """The talent deletes one of their own entries while the engagement is active."""
    engagement = entry.engagement
    _require_side(talent, engagement, "talent")
    if entry.talent_id != talent.pk:
        raise NotFound("Time entry not found.")
    with transaction.atomic():
        current = _lock(engagement)
        if current.status != S.ACTIVE:
            raise _illegal(current, "edit the time log of")
        TimeEntry.objects.filter(pk=entry.pk).delete()
        audit_log(talent, "engagement.time_deleted", current, {"minutes": entry.minutes, "date": str(entry.date)})


# --- Submissions and review ----------------------------------------------------------------------
def submission_create(
    *,
    talent: Any,
    engagement: Engagement,
    notes: str = "",
    ai_use: str = "",
    links: list[Any] | None = None,
    files: list[Any] | None = None,
) -> Submission:
    """The talent delivers: status → submitted, review deadline = now + STINT_REVIEW_WINDOW_DAYS.

    ``ai_use`` (how AI tools were used, or "none") is required; files are checked by content
    (``stint.engagements.files``). Allowed from active and changes_requested.
    """
    _require_side(talent, engagement, "talent")
    notes = _text(notes, "notes", required=False, label="Notes")
    ai_use = _text(ai_use, "ai_use", required=True, label="The AI-use declaration")
    cleaned_links = _clean_links(links)
    checked = check_files(files or [])
    if not checked and not cleaned_links and not notes:
        raise ValidationFailed(
            "Attach a file, a link or notes describing the delivery.",
            code="submission_empty",
            errors=[{"field": "files", "message": "Nothing to deliver."}],
        )
    now = timezone.now()
    deadline = now + datetime.timedelta(days=review_window_days())
    with transaction.atomic():
        if not _claim(engagement, action="submit", submitted_at=now, review_deadline=deadline):
            raise _illegal(_fresh(engagement), "submit")
        rnd = Submission.objects.filter(engagement=engagement).count() + 1
        submission = Submission.objects.create(
            engagement=engagement, round=rnd, notes=notes, ai_use=ai_use, links=cleaned_links, submitted_by=talent
        )
        for item in checked:
            stored = SubmissionFile(
                submission=submission, original_name=item.name, size=item.size, content_type=item.content_type
            )
            stored.file.save(item.name, item.upload, save=False)
            stored.save()
        current = _fresh(engagement)
        audit_log(talent, "engagement.submitted", current, {"round": rnd, "files": len(checked)})
        _notify(
            org_members(current),
            event="submission.created",
            title=f"{current.talent} submitted work on {current.project.title}",
            body=f"Approve it or request changes by {timezone.localtime(deadline):%Y-%m-%d %H:%M %Z}; "
            "after that the fee is released automatically.",
            url=engagement_url(current),
        )
    return submission


def engagement_request_changes(*, actor: Any, engagement: Engagement, message: str) -> Engagement:
    """A company member asks for changes on a submission (submitted → changes_requested).

    At most ``STINT_MAX_CHANGE_ROUNDS`` rounds (``change_rounds_exhausted`` 409); after that the
    company must approve, cancel or dispute. The review deadline is cleared until the next
    submission, so the auto-release cannot fire on a delivery that is being reworked.
    """
    _require_side(actor, engagement, "company")
    message = _text(message, "message", required=True, label="The requested changes")
    limit = max_change_rounds()
    with transaction.atomic():
        claimed = Engagement.objects.filter(
            pk=engagement.pk, status__in=ACTIONS["request-changes"].sources, change_rounds_used__lt=limit
        ).update(
            status=ACTIONS["request-changes"].to,
            change_rounds_used=F("change_rounds_used") + 1,
            review_deadline=None,
            updated_at=timezone.now(),
        )
        current = _fresh(engagement)
        if not claimed:
            if current.status == S.SUBMITTED:
                raise Conflict(
                    f"You already used the {limit} rounds of changes; approve, cancel or open a dispute.",
                    code="change_rounds_exhausted",
                )
            raise _illegal(current, "request changes on")
        ChangeRequest.objects.create(
            engagement=current, round=current.change_rounds_used, message=message, requested_by=actor
        )
        audit_log(actor, "engagement.changes_requested", current, {"round": current.change_rounds_used})
        _notify(
            [current.talent],
            event="engagement.changes_requested",
            title=f"Changes requested on {current.project.title}",
            body=message[:300],
            url=engagement_url(current),
        )
    return current


def engagement_mark_approved(*, actor: Any, engagement: Engagement, auto: bool = False) -> tuple[Engagement, bool]:
    """Claim submitted → approved (the first half of an approval; ``stint.flows.settlement``
    releases the fee next, in the same transaction). Returns the engagement and whether this call
    won the claim: an engagement already approved or paid comes back with False (no second
    release); any other status is ``illegal_transition``. ``auto=True`` is the review-window
    auto-release (actor None, no side check)."""
    if not auto:
        _require_side(actor, engagement, "company")
    now = timezone.now()
    claimed = _claim(engagement, action="approve", approved_at=now, auto_released=auto)
    if not claimed:
        current = _fresh(engagement)
        if current.status in APPROVED_STATUSES:
            return current, False
        raise _illegal(current, "approve")
    current = _fresh(engagement)
    audit_log(actor, "engagement.approved", current, {"auto": auto})
    return current, True


def engagement_mark_paid(*, actor: Any, engagement: Engagement, auto: bool = False) -> Engagement:
    """approved → paid once the fee is in the talent's balance; tells both sides and drops the
    organization's cached reliability figures on commit."""
    now = timezone.now()
    Engagement.objects.filter(pk=engagement.pk, status__in=ACTIONS["pay"].sources).update(
        status=ACTIONS["pay"].to, paid_at=now, settled_at=now, review_deadline=None, updated_at=now
    )
    current = _fresh(engagement)
    audit_log(actor, "engagement.paid", current, {"amount_minor": current.fee_minor, "currency": current.currency})
    _reliability_changed(current)
    how = "automatically after the review window closed" if auto else f"by {actor}"
    _notify(
        [current.talent],
        event="engagement.approved",
        title=f"Your work on {current.project.title} was approved",
        body=f"Approved {how}. {current.fee} is now in your balance.",
        url=engagement_url(current),
    )
    _notify(
        org_members(current),
        event="engagement.approved",
        title=f"{current.project.title}: approved and paid",
        body=f"The fee of {current.fee} was released to {current.talent} ({how}).",
        url=engagement_url(current),
        exclude=actor,
    )
    return current


# --- Cancellation --------------------------------------------------------------------------------
def engagement_cancel(*, actor: Any, engagement: Engagement, reason: str) -> Engagement:
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
            if current.status == S.CANCELLED:
                return current
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
    minutes = 0 if current.cancelled_by == CancelledBy.TALENT else logged_minutes(current)
    return current, minutes


def engagement_record_settlement(*, actor: Any, engagement: Engagement, minutes: int, share: int) -> Engagement:
    """Record the talent's share of a settled cancellation and tell them when it is not zero."""
    Engagement.objects.filter(pk=engagement.pk).update(talent_share_minor=share)
    current = _fresh(engagement)
    audit_log(actor, "engagement.settled", current, {"minutes_logged": minutes, "talent_minor": share})
    if share:
        _notify(
            [current.talent],
            event="engagement.settled",
            title=f"{current.project.title}: {share / 100:.2f} {current.currency} for the hours you logged",
            body="The cancellation was settled pro rata and added to your balance.",
            url=engagement_url(current),
        )
    return current


def engagement_check_offer_next(*, actor: Any, engagement: Engagement) -> Engagement:
    """Preconditions of offering a dropped-out slot again: company side, a talent drop-out
    (``not_dropped_out``), an open project (``project_not_open``). Returns the fresh engagement."""
    _require_side(actor, engagement, "company")
    current = _fresh(engagement)
    if current.status != S.CANCELLED or current.cancelled_by != CancelledBy.TALENT:
        raise Conflict("Only a slot the talent dropped out of can be offered again.", code="not_dropped_out")
    if current.project.status != "open":
        raise Conflict("Offers can only be made on open projects.", code="project_not_open")
    return current


# --- Disputes ------------------------------------------------------------------------------------
def engagement_dispute_open(*, actor: Any, engagement: Engagement, reason: str) -> Engagement:
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
    *, staff: Any, engagement: Engagement, talent_amount_minor: int, note: str = ""
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


def engagement_record_resolution(*, staff: Any, engagement: Engagement, talent_amount_minor: int) -> Engagement:
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
        body=f"{talent_amount_minor / 100:.2f} {current.currency} to the talent, the rest refunded. {note[:200]}",
        url=engagement_url(current),
    )
    return current


# --- Scope guard ---------------------------------------------------------------------------------
def engagement_overrun_acknowledge(*, actor: Any, engagement: Engagement, decision: str, note: str = "") -> Engagement:
    """The company answers a scope overrun (logged time above the estimate): approve the extra
    hours or adjust the scope. Either way the fee does not change (pro rata stays capped at it)."""
    _require_side(actor, engagement, "company")
    if decision not in OverrunDecision.values:
        raise ValidationFailed(
            "Choose approve_overrun or adjust_scope.",
            code="invalid_decision",
            errors=[{"field": "decision", "message": "approve_overrun or adjust_scope"}],
        )
    note = _text(note, "note", required=False, label="The note")
    current = _fresh(engagement)
    if logged_minutes(current) <= current.project.estimated_hours * 60:
        raise Conflict("Logged time is within the estimate.", code="no_overrun")
    now = timezone.now()
    with transaction.atomic():
        Engagement.objects.filter(pk=current.pk).update(
            overrun_decision=decision, overrun_note=note, overrun_decided_at=now, overrun_decided_by=actor
        )
        current = _fresh(engagement)
        audit_log(actor, "engagement.overrun_acknowledged", current, {"decision": decision, "note": note[:500]})
        _notify(
            [current.talent],
            event="engagement.overrun_acknowledged",
            title=f"{current.project.title}: {OverrunDecision(decision).label}",
            body=note[:300] or "The fee stays as agreed.",
            url=engagement_url(current),
        )
    return current


# --- Reviews -------------------------------------------------------------------------------------
def review_create(
    *, author: Any, engagement: Engagement, rating: int, comment: str = "", endorsed_skills: list[Any] | None = None
) -> Review:
    """Each side reviews the other once, after approval. Only the company endorses skills, and
    only skills of the project. Reviews are blind (``review_visible``)."""
    side = _require_side(author, engagement, "talent", "company")
    current = _fresh(engagement)
    if current.status not in APPROVED_STATUSES or current.approved_at is None:
        raise Conflict("Reviews open once the work is approved.", code="review_not_open")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed(
            "Rate from 1 to 5.", code="invalid_rating", errors=[{"field": "rating", "message": "1 to 5."}]
        )
    comment = _text(comment, "comment", required=False, label="The comment")
    skill_ids = [str(s) for s in endorsed_skills or []]
    if skill_ids and side != "company":
        raise ValidationFailed(
            "Only the company endorses skills.",
            code="endorsements_company_only",
            errors=[{"field": "endorsed_skills", "message": "Only the company endorses skills."}],
        )
    allowed = {
        str(pk) for pk in ProjectSkill.objects.filter(project_id=current.project_id).values_list("skill_id", flat=True)
    }
    if any(s not in allowed for s in skill_ids):
        raise ValidationFailed(
            "Endorse only skills of this project.",
            code="skill_not_in_project",
            errors=[{"field": "endorsed_skills", "message": "Only the project's skills."}],
        )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                engagement=current,
                author=author,
                subject=current.talent if side == "company" else None,
                organization=current.project.organization,
                side=side,
                rating=rating,
                comment=comment,
            )
            if skill_ids:
                review.endorsed_skills.set(Skill.objects.filter(pk__in=skill_ids))
            audit_log(author, "review.created", current, {"side": side, "rating": rating})
            recipients = [current.talent] if side == "company" else org_members(current)
            # Told "visible when you have reviewed too" only while the recipients' side has not.
            both_in = Review.objects.filter(engagement=current).exclude(side=side).exists()
            _notify(
                recipients,
                event="review.received",
                title=f"New review on {current.project.title}",
                body="Both sides have reviewed, so you can read it now."
                if both_in
                else "It becomes visible when you have reviewed too, or after 14 days.",
                url=engagement_url(current),
                exclude=author,
            )
    except IntegrityError as exc:
        raise Conflict("Your side has already reviewed this engagement.", code="already_reviewed") from exc
    return review


def review_visible(review: Review, viewer: Any, now: datetime.datetime | None = None) -> bool:
    """Blind reviews: the author always sees theirs; anyone else once both sides reviewed or 14
    days after approval."""
    if getattr(viewer, "is_authenticated", False) and review.author_id == viewer.pk:
        return True
    engagement = review.engagement
    now = now or timezone.now()
    if engagement.approved_at is not None and now >= engagement.approved_at + datetime.timedelta(
        days=REVIEW_BLIND_DAYS
    ):
        return True
    return Review.objects.filter(engagement_id=review.engagement_id).values("side").distinct().count() >= 2
