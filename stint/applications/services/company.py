"""The company's answers: shortlist, reject, score, offer."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.applications.choices import (
    SCORABLE_STATUSES,
)
from stint.applications.models import Application, RubricScore
from stint.applications.services.base import (
    MAX_REASON_CHARS,
    S,
    _ensure_company,
    _lock_project,
    _notify,
    _transition,
    application_url,
)
from stint.core.audit import audit_log
from stint.core.errors import Conflict, ValidationFailed
from stint.core.formatting import format_datetime
from stint.core.types import User
from stint.projects.choices import ProjectStatus

# --- Company actions -------------------------------------------------------------------------------


def application_shortlist(*, actor: User, application: Application) -> Application:
    """Shortlist a submitted application (the company's first response, if it is the first)."""
    _ensure_company(actor, application)
    now = timezone.now()
    with transaction.atomic():
        application, changed = _transition(
            application,
            actor=actor,
            action="shortlist",
            updates={"first_response_at": Coalesce(F("first_response_at"), now)},
        )
        if changed:
            _notify(
                [application.talent],
                event="application.shortlisted",
                texts=lambda: (
                    _("You are on the shortlist for %(project)s") % {"project": application.project.title},
                    _("The company shortlisted your application. They will decide by the response deadline."),
                ),
                url=application_url(application),
            )
    return application


def application_reject(*, actor: User, application: Application, reason: str) -> Application:
    """Reject a submitted or shortlisted application. A reason is required; the talent sees it,
    together with the rubric and any scores."""
    _ensure_company(actor, application)
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationFailed(
            _("Give the applicant a reason (pick a template or write your own)."),
            code="rejection_reason_required",
            errors=[{"field": "reason", "message": _("A reason is required.")}],
        )
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationFailed(
            _("Keep the reason under %(count)s characters.") % {"count": MAX_REASON_CHARS},
            code="rejection_reason_too_long",
            errors=[{"field": "reason", "message": _("At most %(count)s characters.") % {"count": MAX_REASON_CHARS}}],
        )
    now = timezone.now()
    with transaction.atomic():
        application, changed = _transition(
            application,
            actor=actor,
            action="reject",
            updates={
                "rejection_reason": reason,
                "decided_at": now,
                "first_response_at": Coalesce(F("first_response_at"), now),
            },
            data={"reason": reason},
        )
        if changed:
            _notify(
                [application.talent],
                event="application.rejected",
                texts=lambda: (
                    _("Your application for %(project)s was not selected") % {"project": application.project.title},
                    _("Reason: %(reason)s") % {"reason": reason},
                ),
                url=application_url(application),
            )
    return application


def application_score(*, actor: User, application: Application, scores: list[dict[str, Any]]) -> Application:
    """Record the company's 1–5 scores on the project's rubric criteria (replacing earlier ones)."""
    _ensure_company(actor, application)
    criteria = [r.get("criterion") for r in application.project.rubric or [] if r.get("criterion")]
    if not scores:
        raise ValidationFailed(
            _("Score at least one criterion."),
            code="scores_required",
            errors=[{"field": "scores", "message": _("Score at least one criterion.")}],
        )
    parsed: dict[str, int] = {}
    for item in scores:
        criterion = str(item.get("criterion", ""))
        if criterion not in criteria:
            raise ValidationFailed(
                _("“%(criterion)s” is not a criterion of this project's rubric.") % {"criterion": criterion},
                code="unknown_criterion",
                errors=[
                    {"field": "scores", "message": _("Unknown criterion “%(criterion)s”.") % {"criterion": criterion}}
                ],
            )
        try:
            score = int(item.get("score"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise ValidationFailed(
                _("Scores go from 1 to 5."),
                code="invalid_score",
                errors=[
                    {"field": "scores", "message": _("%(criterion)s: a score from 1 to 5.") % {"criterion": criterion}}
                ],
            )
        parsed[criterion] = score
    with transaction.atomic():
        status = Application.objects.filter(pk=application.pk).values_list("status", flat=True).get()
        if status not in SCORABLE_STATUSES:
            raise Conflict(
                _("Withdrawn, expired or declined applications cannot be scored."), code="illegal_transition"
            )
        for criterion, score in parsed.items():
            RubricScore.objects.update_or_create(
                application=application, criterion=criterion, defaults={"score": score, "scored_by": actor}
            )
        audit_log(actor, "application.scored", application, {"scores": parsed})
    return Application.objects.select_related("project", "project__organization", "talent").get(pk=application.pk)


def _filled_openings(project_id: Any) -> int:
    """Openings taken by hires. A hire whose talent dropped out (engagement cancelled by the talent)
    frees its opening, so the company can offer it to the next applicant."""
    return (
        Application.objects.filter(project_id=project_id, status=S.HIRED)
        # Literals on purpose: engagements sits above applications, so its enums cannot be imported here.
        .exclude(engagement__status="cancelled", engagement__cancelled_by="talent")
        .count()
    )


def openings_taken(*, project_id: Any, now: datetime.datetime | None = None) -> int:
    """Openings taken by hires plus the offers still waiting for an answer."""
    now = now or timezone.now()
    return (
        _filled_openings(project_id)
        + Application.objects.filter(project_id=project_id, status=S.OFFERED, offer_expires_at__gt=now).count()
    )


def application_check_company(*, actor: User, application: Application) -> None:
    """NotFound unless ``actor`` is a member of the application's organization."""
    _ensure_company(actor, application)


def application_offer(*, actor: User, application: Application) -> Application:
    """Offer the project to a submitted or shortlisted applicant.

    Locks the project row and refuses (``no_openings_left``) when hires plus outstanding offers
    already fill the openings. The offer expires after ``STINT_OFFER_EXPIRY_HOURS``. Funding a
    slot that a drop-out freed is the caller's first step (``stint.flows.hiring.application_offer``).
    """
    _ensure_company(actor, application)
    now = timezone.now()
    with transaction.atomic():
        project = _lock_project(application.project_id)
        current = Application.objects.filter(pk=application.pk).values_list("status", flat=True).get()
        if current == S.OFFERED:
            return Application.objects.select_related("project", "project__organization", "talent").get(
                pk=application.pk
            )
        if project.status != ProjectStatus.OPEN:
            raise Conflict(_("Offers can only be made on open projects."), code="project_not_open")
        if openings_taken(project_id=project.pk, now=now) >= project.openings:
            raise Conflict(
                _("Every opening is already filled or offered. Wait for an answer to the outstanding offers."),
                code="no_openings_left",
            )
        expires = now + datetime.timedelta(hours=settings.STINT_OFFER_EXPIRY_HOURS)
        application, changed = _transition(
            application,
            actor=actor,
            action="offer",
            updates={
                "offered_at": now,
                "offer_expires_at": expires,
                "first_response_at": Coalesce(F("first_response_at"), now),
            },
            data={"offer_expires_at": expires.isoformat()},
        )
        if changed:
            _notify(
                [application.talent],
                event="application.offered",
                texts=lambda: (
                    _("You have an offer for %(project)s") % {"project": application.project.title},
                    _("Accept or decline it before %(deadline)s.") % {"deadline": format_datetime(expires)},
                ),
                url="/applications/",
            )
    return application
