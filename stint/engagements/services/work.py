"""Engagement services: the hire, milestones, time, submissions, review and approval."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, ValidationFailed
from stint.core.formatting import format_date, format_datetime, format_number
from stint.core.types import Actor, User
from stint.engagements import timelog_rules
from stint.engagements.choices import (
    ACTIONS,
    APPROVED_STATUSES,
    WORKING_STATUSES,
)
from stint.engagements.conflicts import lost_race, state_changed
from stint.engagements.files import check_files
from stint.engagements.milestones import check_milestone_date
from stint.engagements.models import (
    MAX_MINUTES_PER_ENTRY,
    ChangeRequest,
    Engagement,
    Milestone,
    Submission,
    SubmissionFile,
    TimeEntry,
)
from stint.engagements.selectors import (
    logged_minutes,
    org_members,
)
from stint.engagements.services.base import (
    S,
    _claim,
    _clean_links,
    _fresh,
    _illegal,
    _lock,
    _notify,
    _reliability_changed,
    _require_side,
    _text,
    engagement_url,
    max_change_rounds,
    review_window_days,
)


# --- Hire ----------------------------------------------------------------------------------------
def engagement_create_for_hire(*, application: Any, actor: Actor) -> Engagement:
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
def milestone_create(*, actor: User, engagement: Engagement, title: str, due_date: datetime.date | None) -> Milestone:
    """Either side adds a milestone to an open engagement; a due date lies in the engagement's
    window (``stint.engagements.milestones``; the company edits and removes milestones there)."""
    _require_side(actor, engagement, "talent", "company")
    title = _text(title, "title", required=True)[:200]
    if engagement.status not in (*WORKING_STATUSES, S.SUBMITTED):
        raise _illegal(engagement, "plan")
    check_milestone_date(engagement, due_date)
    with transaction.atomic():
        milestone = Milestone.objects.create(engagement=engagement, title=title, due_date=due_date)
        audit_log(actor, "engagement.milestone_added", engagement, {"milestone": str(milestone.pk), "title": title})
    return milestone


def milestone_complete(*, actor: User, milestone: Milestone) -> Milestone:
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
        raise ValidationFailed(_("Enter hours as a number, e.g. 1.5."), code="invalid_minutes") from exc
    if not hours.is_finite():
        raise ValidationFailed(_("Enter hours as a number, e.g. 1.5."), code="invalid_minutes")
    return int((hours * 60).to_integral_value(rounding=ROUND_HALF_UP))


def time_entry_log(
    *, talent: User, engagement: Engagement, date: datetime.date, minutes: int, note: str = ""
) -> TimeEntry:
    """The engaged talent logs time while the work is open (active or changes requested).

    The date may not be in the future nor before the engagement started; 1 to 1,440 minutes per
    entry; at most ``STINT_MAX_HOURS_PER_DAY`` per day and, unless the company approved an overrun,
    no more than the estimate in total (``stint.engagements.timelog_rules``). Locks the engagement
    row so an entry cannot slip in after a cancellation's settlement counted the hours, and two
    concurrent entries cannot both pass the bounds. Reaching the estimate notifies both sides.
    """
    _require_side(talent, engagement, "talent")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES_PER_ENTRY:
        raise ValidationFailed(
            _("Log between 1 minute and 24 hours per entry."),
            code="invalid_minutes",
            errors=[{"field": "minutes", "message": _("Between 1 and 1440 minutes.")}],
        )
    today = timezone.localdate()
    if date > today:
        raise ValidationFailed(
            _("You cannot log time in the future."),
            code="date_in_future",
            errors=[{"field": "date", "message": _("Not after today.")}],
        )
    start = timezone.localdate(engagement.created_at)
    if date < start:
        raise ValidationFailed(
            _("The engagement started on %(date)s.") % {"date": format_date(start)},
            code="date_before_start",
            errors=[{"field": "date", "message": _("On or after %(date)s.") % {"date": format_date(start)}}],
        )
    note = _text(note, "note", required=False)[:500]
    with transaction.atomic():
        current = _lock(engagement)
        if current.status not in WORKING_STATUSES:
            raise _illegal(current, "log time on")
        before = logged_minutes(current)
        timelog_rules.check_new_entry(engagement=current, talent=talent, date=date, minutes=minutes, logged=before)
        entry = TimeEntry.objects.create(engagement=current, talent=talent, date=date, minutes=minutes, note=note)
        audit_log(talent, "engagement.time_logged", current, {"minutes": minutes, "date": date.isoformat()})
        estimate = current.project.estimated_hours * 60
        if before < estimate <= before + minutes:
            _notify(
                [current.talent, *org_members(current)],
                event="engagement.scope_overrun",
                texts=lambda: (
                    _("Logged time on %(project)s reached the estimate") % {"project": current.project.title},
                    _(
                        "%(logged)s h logged for an estimate of %(estimate)s h. More time can be logged only "
                        "once the company approves the extra hours (the fee does not change); it can also "
                        "adjust the scope."
                    )
                    % {
                        "logged": format_number(round(Decimal(before + minutes) / 60, 1)),
                        "estimate": format_number(current.project.estimated_hours),
                    },
                ),
                url=engagement_url(current),
            )
    return entry


def time_entry_delete(*, talent: User, entry: TimeEntry) -> None:
    """The talent deletes one of their own entries while the engagement is active."""
    engagement = entry.engagement
    _require_side(talent, engagement, "talent")
    if entry.talent_id != talent.pk:
        raise NotFound(_("Time entry not found."))
    with transaction.atomic():
        current = _lock(engagement)
        if current.status != S.ACTIVE:
            raise _illegal(current, "edit the time log of")
        TimeEntry.objects.filter(pk=entry.pk).delete()
        audit_log(talent, "engagement.time_deleted", current, {"minutes": entry.minutes, "date": str(entry.date)})


# --- Submissions and review ----------------------------------------------------------------------
def submission_create(
    *,
    talent: User,
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
    notes = _text(notes, "notes", required=False)
    ai_use = _text(ai_use, "ai_use", required=True)
    cleaned_links = _clean_links(links)
    checked = check_files(files or [])
    if not checked and not cleaned_links and not notes:
        raise ValidationFailed(
            _("Attach a file, a link or notes describing the delivery."),
            code="submission_empty",
            errors=[{"field": "files", "message": _("Nothing to deliver.")}],
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
            texts=lambda: (
                _("%(talent)s submitted work on %(project)s")
                % {"talent": current.talent, "project": current.project.title},
                _("Approve it or request changes by %(deadline)s; after that the fee is released automatically.")
                % {"deadline": format_datetime(deadline)},
            ),
            url=engagement_url(current),
        )
    return submission


def engagement_request_changes(*, actor: User, engagement: Engagement, message: str) -> Engagement:
    """A company member asks for changes on a submission (submitted → changes_requested).

    At most ``STINT_MAX_CHANGE_ROUNDS`` rounds (``change_rounds_exhausted`` 409); after that the
    company must approve, cancel or dispute. The review deadline is cleared until the next
    submission, so the auto-release cannot fire on a delivery that is being reworked.
    """
    _require_side(actor, engagement, "company")
    message = _text(message, "message", required=True)
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
                    ngettext(
                        "You already used the %(count)s round of changes; approve, cancel or open a dispute.",
                        "You already used the %(count)s rounds of changes; approve, cancel or open a dispute.",
                        limit,
                    )
                    % {"count": limit},
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
            texts=lambda: (_("Changes requested on %(project)s") % {"project": current.project.title}, message[:300]),
            url=engagement_url(current),
        )
    return current


def engagement_mark_approved(
    *, actor: User | None, engagement: Engagement, auto: bool = False
) -> tuple[Engagement, bool]:
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
        if lost_race(engagement, current, sources=ACTIONS["approve"].sources):
            raise state_changed(current, "approve")
        raise _illegal(current, "approve")
    current = _fresh(engagement)
    audit_log(actor, "engagement.approved", current, {"auto": auto})
    return current, True


def engagement_mark_paid(*, actor: Actor | None, engagement: Engagement, auto: bool = False) -> Engagement:
    """approved → paid once the fee is in the talent's balance; tells both sides and drops the
    organization's cached reliability figures on commit."""
    now = timezone.now()
    Engagement.objects.filter(pk=engagement.pk, status__in=ACTIONS["pay"].sources).update(
        status=ACTIONS["pay"].to, paid_at=now, settled_at=now, review_deadline=None, updated_at=now
    )
    current = _fresh(engagement)
    audit_log(actor, "engagement.paid", current, {"amount_minor": current.fee_minor, "currency": current.currency})
    _reliability_changed(current)

    def talent_texts() -> tuple[str, str]:
        values = {"fee": current.fee.format(), "actor": actor}
        body = (
            _("Approved automatically after the review window closed. %(fee)s is now in your balance.") % values
            if auto
            else _("Approved by %(actor)s. %(fee)s is now in your balance.") % values
        )
        return _("Your work on %(project)s was approved") % {"project": current.project.title}, body

    def company_texts() -> tuple[str, str]:
        values = {"fee": current.fee.format(), "talent": current.talent, "actor": actor}
        body = (
            _("The fee of %(fee)s was released to %(talent)s (automatically after the review window closed).") % values
            if auto
            else _("The fee of %(fee)s was released to %(talent)s (by %(actor)s).") % values
        )
        return _("%(project)s: approved and paid") % {"project": current.project.title}, body

    _notify([current.talent], event="engagement.approved", texts=talent_texts, url=engagement_url(current))
    _notify(
        org_members(current),
        event="engagement.approved",
        texts=company_texts,
        url=engagement_url(current),
        exclude=actor,
    )
    return current
