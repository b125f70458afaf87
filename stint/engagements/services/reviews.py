"""Engagement services: the scope guard (overrun) and two-way reviews."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.core.audit import audit_log
from stint.core.errors import Conflict, ValidationFailed
from stint.core.types import Actor, User
from stint.engagements.choices import (
    APPROVED_STATUSES,
    OverrunDecision,
)
from stint.engagements.models import (
    Engagement,
    Review,
)
from stint.engagements.selectors import (
    logged_minutes,
    org_members,
)
from stint.engagements.services.base import (
    REVIEW_BLIND_DAYS,
    _fresh,
    _notify,
    _require_side,
    _text,
    engagement_url,
)
from stint.projects.models import ProjectSkill
from stint.skills.models import Skill


# --- Scope guard ---------------------------------------------------------------------------------
def engagement_overrun_acknowledge(*, actor: User, engagement: Engagement, decision: str, note: str = "") -> Engagement:
    """The company answers a scope overrun (logged time at or above the estimate): approve the
    extra hours (the talent may then log beyond the estimate) or adjust the scope (they may not).
    Either way the fee does not change (pro rata stays capped at it)."""
    _require_side(actor, engagement, "company")
    if decision not in OverrunDecision.values:
        raise ValidationFailed(
            _("Choose approve_overrun or adjust_scope."),
            code="invalid_decision",
            errors=[{"field": "decision", "message": _("approve_overrun or adjust_scope")}],
        )
    note = _text(note, "note", required=False)
    current = _fresh(engagement)
    if logged_minutes(current) < current.project.estimated_hours * 60:
        raise Conflict(_("Logged time has not reached the estimate."), code="no_overrun")
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
            texts=lambda: (
                _("%(project)s: %(decision)s")
                % {"project": current.project.title, "decision": OverrunDecision(decision).label},
                note[:300] or _("The fee stays as agreed."),
            ),
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
        raise Conflict(_("Reviews open once the work is approved."), code="review_not_open")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed(
            _("Rate from 1 to 5."), code="invalid_rating", errors=[{"field": "rating", "message": _("1 to 5.")}]
        )
    comment = _text(comment, "comment", required=False)
    skill_ids = [str(s) for s in endorsed_skills or []]
    if skill_ids and side != "company":
        raise ValidationFailed(
            _("Only the company endorses skills."),
            code="endorsements_company_only",
            errors=[{"field": "endorsed_skills", "message": _("Only the company endorses skills.")}],
        )
    allowed = {
        str(pk) for pk in ProjectSkill.objects.filter(project_id=current.project_id).values_list("skill_id", flat=True)
    }
    if any(s not in allowed for s in skill_ids):
        raise ValidationFailed(
            _("Endorse only skills of this project."),
            code="skill_not_in_project",
            errors=[{"field": "endorsed_skills", "message": _("Only the project's skills.")}],
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
                texts=lambda: (
                    _("New review on %(project)s") % {"project": current.project.title},
                    _("Both sides have reviewed, so you can read it now.")
                    if both_in
                    else _("It becomes visible when you have reviewed too, or after %(days)s days.")
                    % {"days": REVIEW_BLIND_DAYS},
                ),
                url=engagement_url(current),
                exclude=author,
            )
    except IntegrityError as exc:
        raise Conflict(_("Your side has already reviewed this engagement."), code="already_reviewed") from exc
    return review


def review_visible(*, review: Review, viewer: Actor | None, now: datetime.datetime | None = None) -> bool:
    """Blind reviews: the author always sees theirs; anyone else once both sides reviewed or 14
    days after approval."""
    if viewer is not None and viewer.is_authenticated and review.author_id == viewer.pk:
        return True
    engagement = review.engagement
    now = now or timezone.now()
    if engagement.approved_at is not None and now >= engagement.approved_at + datetime.timedelta(
        days=REVIEW_BLIND_DAYS
    ):
        return True
    return Review.objects.filter(engagement_id=review.engagement_id).values("side").distinct().count() >= 2
