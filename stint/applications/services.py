"""Writes on applications. Every status change is one service: a conditional update that claims the
transition (so two concurrent requests cannot both succeed), an audit event and notifications.

Notifications are created inside the same transaction as the state change, so a user is told about
a change only if it commits; ``notify`` itself sends any email on commit.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from stint.accounts.models import User
from stint.applications.choices import (
    ACTIONS,
    ACTIVE_STATUSES,
    OFFER_EXPIRED_REASON,
    SCORABLE_STATUSES,
    UNDECIDED_STATUSES,
    ApplicationStatus,
)
from stint.applications.models import Application, RubricScore
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.notifications.services import notify
from stint.organizations.models import Membership
from stint.organizations.selectors import user_is_member
from stint.projects.access import Access, project_access
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project

S = ApplicationStatus

MAX_LINKS = 10
MAX_COVER_LETTER_CHARS = 10_000
MAX_ANSWER_CHARS = 5_000
MAX_REASON_CHARS = 2_000


def application_url(application: Application) -> str:
    return f"/applications/{application.pk}/"


def _org_members(project: Project) -> list[Any]:
    return [m.user for m in Membership.objects.filter(organization_id=project.organization_id).select_related("user")]


def _notify(users: list[Any], *, event: str, title: str, body: str, url: str) -> None:
    for user in users:
        notify(user=user, event=event, title=title, body=body, url=url)


def _lock_talent(talent_id: Any) -> None:
    """Serialise one talent's applications (PostgreSQL row lock; SQLite's IMMEDIATE transactions
    already serialise writers, and ``select_for_update`` is a no-op there)."""
    list(User.objects.select_for_update().filter(pk=talent_id).values_list("pk", flat=True))


def _lock_project(project_id: Any) -> Project:
    return Project.objects.select_for_update().get(pk=project_id)


def _transition(
    application: Application,
    *,
    actor: Any,
    action: str,
    updates: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> tuple[Application, bool]:
    """Claim ``application``'s move by ``action`` (``ACTIONS`` in choices.py: its sources and its
    target) with a conditional update.

    Returns (fresh application, changed). Repeating a transition that already happened is a no-op
    (changed=False); any other status is a 409 ``illegal_transition``.
    """
    now = timezone.now()
    to = ACTIONS[action].to
    claimed = Application.objects.filter(pk=application.pk, status__in=ACTIONS[action].sources).update(
        status=to, updated_at=now, **(updates or {})
    )
    current = Application.objects.select_related("project", "project__organization", "talent").get(pk=application.pk)
    if not claimed:
        if current.status == to:
            return current, False
        raise Conflict(
            f"This application is {current.get_status_display().lower()}; it cannot become {to}.",
            code="illegal_transition",
        )
    audit_log(actor, f"application.{to}", current, {"from": application.status, **(data or {})})
    return current, True


def _ensure_company(actor: Any, application: Application) -> None:
    if not user_is_member(user=actor, organization_id=application.project.organization_id):
        raise NotFound("Application not found.")


def _ensure_owner(actor: Any, application: Application) -> None:
    if not getattr(actor, "is_authenticated", False) or application.talent_id != actor.pk:
        raise NotFound("Application not found.")


# --- Submitting ------------------------------------------------------------------------------------


def normalise_letter(text: str) -> str:
    return " ".join(text.casefold().split())


def _clean_links(links: list[Any]) -> list[str]:
    cleaned = []
    for link in links or []:
        link = str(link).strip()
        if not link:
            continue
        parsed = urlparse(link)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or len(link) > 500:
            raise ValidationFailed(
                f"{link[:80]} is not a web address (http:// or https://).",
                code="invalid_link",
                errors=[{"field": "links", "message": "Enter full web addresses starting with https://."}],
            )
        cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(
            f"Add at most {MAX_LINKS} links.",
            code="too_many_links",
            errors=[{"field": "links", "message": f"At most {MAX_LINKS} links."}],
        )
    return cleaned


def _check_open_for_applications(project: Project, now: datetime.datetime) -> None:
    if project.status != ProjectStatus.OPEN or project.application_deadline <= now:
        raise Conflict("This project no longer accepts applications.", code="applications_closed")


def application_submit(
    *,
    talent: Any,
    project: Project,
    cover_letter: str,
    answers: list[str] | None = None,
    links: list[str] | None = None,
    secret: str = "",
) -> Application:
    """Submit ``talent``'s application to ``project``.

    Preconditions: talent role; ``project_access`` says the talent may apply (an unlisted project
    needs its secret link's token, ``secret``; otherwise 404); the project is open and before its
    application deadline; a tailored cover letter; one answer per screening question.
    Locks the talent's user row, then the project row (always in that order), and counts the
    talent's active applications and the project's applications inside the transaction, so the
    caps hold under concurrency. Notifies the organization's members.
    """
    if not getattr(talent, "is_authenticated", False) or not getattr(talent, "is_talent", False):
        raise PermissionDenied("Only talent accounts can apply to projects.", code="talent_role_required")
    if project_access(project=project, user=talent, secret=secret) is not Access.APPLY:
        raise NotFound("Project not found.")
    now = timezone.now()
    _check_open_for_applications(project, now)

    cover_letter = (cover_letter or "").replace("\x00", "").strip()
    minimum = settings.STINT_MIN_COVER_LETTER_CHARS
    if len(cover_letter) < minimum:
        raise ValidationFailed(
            f"Write a cover letter of at least {minimum} characters about this project (you wrote {len(cover_letter)}).",
            code="cover_letter_too_short",
            errors=[{"field": "cover_letter", "message": f"At least {minimum} characters."}],
        )
    if len(cover_letter) > MAX_COVER_LETTER_CHARS:
        raise ValidationFailed(
            f"Keep the cover letter under {MAX_COVER_LETTER_CHARS} characters.",
            code="cover_letter_too_long",
            errors=[{"field": "cover_letter", "message": f"At most {MAX_COVER_LETTER_CHARS} characters."}],
        )
    questions = list(project.questions or [])
    answers = [str(a).replace("\x00", "").strip() for a in (answers or [])]
    if len(answers) != len(questions) or any(not a for a in answers):
        raise ValidationFailed(
            f"Answer each of the {len(questions)} screening question(s).",
            code="answers_required",
            errors=[{"field": "answers", "message": "Answer every question."}],
        )
    if any(len(a) > MAX_ANSWER_CHARS for a in answers):
        raise ValidationFailed(
            f"Keep each answer under {MAX_ANSWER_CHARS} characters.",
            code="answer_too_long",
            errors=[{"field": "answers", "message": f"At most {MAX_ANSWER_CHARS} characters per answer."}],
        )
    clean_links = _clean_links(links or [])

    with transaction.atomic():
        _lock_talent(talent.pk)
        project = _lock_project(project.pk)
        _check_open_for_applications(project, now)
        mine = Application.objects.filter(talent_id=talent.pk)
        if mine.filter(project_id=project.pk).exists():
            raise Conflict("You have already applied to this project.", code="already_applied")
        normalised = normalise_letter(cover_letter)
        if any(normalise_letter(letter) == normalised for letter in mine.values_list("cover_letter", flat=True)):
            raise ValidationFailed(
                "This cover letter is identical to one you sent before. Tailor it to this project.",
                code="cover_letter_not_tailored",
                errors=[{"field": "cover_letter", "message": "Write a letter for this project."}],
            )
        limit = settings.STINT_MAX_ACTIVE_APPLICATIONS
        if mine.filter(status__in=ACTIVE_STATUSES).count() >= limit:
            raise Conflict(
                f"You already have {limit} active applications. Withdraw one or wait for answers before applying again.",
                code="too_many_active_applications",
            )
        if project.max_applications is not None:
            received = Application.objects.filter(project_id=project.pk).exclude(status=S.WITHDRAWN).count()
            if received >= project.max_applications:
                raise Conflict(
                    "This project has received all the applications it accepts.",
                    code="project_application_cap_reached",
                )
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    project=project,
                    talent=talent,
                    cover_letter=cover_letter,
                    answers=answers,
                    links=clean_links,
                )
        except IntegrityError:
            raise Conflict("You have already applied to this project.", code="already_applied")
        audit_log(talent, "application.submitted", application, {"project": str(project.pk)})
        _notify(
            _org_members(project),
            event="application.submitted",
            title=f"New application for {project.title}",
            body=f"{talent} applied to {project.title}.",
            url=f"/applications/project/{project.pk}/",
        )
    return application


# --- Company actions -------------------------------------------------------------------------------


def application_shortlist(*, actor: Any, application: Application) -> Application:
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
                title=f"You are on the shortlist for {application.project.title}",
                body="The company shortlisted your application. They will decide by the response deadline.",
                url=application_url(application),
            )
    return application


def application_reject(*, actor: Any, application: Application, reason: str) -> Application:
    """Reject a submitted or shortlisted application. A reason is required; the talent sees it,
    together with the rubric and any scores."""
    _ensure_company(actor, application)
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ValidationFailed(
            "Give the applicant a reason (pick a template or write your own).",
            code="rejection_reason_required",
            errors=[{"field": "reason", "message": "A reason is required."}],
        )
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationFailed(
            f"Keep the reason under {MAX_REASON_CHARS} characters.",
            code="rejection_reason_too_long",
            errors=[{"field": "reason", "message": f"At most {MAX_REASON_CHARS} characters."}],
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
                title=f"Your application for {application.project.title} was not selected",
                body=f"Reason: {reason}",
                url=application_url(application),
            )
    return application


def application_score(*, actor: Any, application: Application, scores: list[dict[str, Any]]) -> Application:
    """Record the company's 1–5 scores on the project's rubric criteria (replacing earlier ones)."""
    _ensure_company(actor, application)
    criteria = [r.get("criterion") for r in application.project.rubric or [] if r.get("criterion")]
    if not scores:
        raise ValidationFailed(
            "Score at least one criterion.", code="scores_required", errors=[{"field": "scores", "message": "Empty."}]
        )
    parsed: dict[str, int] = {}
    for item in scores:
        criterion = str(item.get("criterion", ""))
        if criterion not in criteria:
            raise ValidationFailed(
                f"{criterion!r} is not a criterion of this project's rubric.",
                code="unknown_criterion",
                errors=[{"field": "scores", "message": f"Unknown criterion {criterion!r}."}],
            )
        try:
            score = int(item.get("score"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= 5:
            raise ValidationFailed(
                "Scores go from 1 to 5.",
                code="invalid_score",
                errors=[{"field": "scores", "message": f"{criterion}: a score from 1 to 5."}],
            )
        parsed[criterion] = score
    with transaction.atomic():
        status = Application.objects.filter(pk=application.pk).values_list("status", flat=True).get()
        if status not in SCORABLE_STATUSES:
            raise Conflict("Withdrawn, expired or declined applications cannot be scored.", code="illegal_transition")
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
        .exclude(engagement__status="cancelled", engagement__cancelled_by="talent")
        .count()
    )


def openings_taken(project_id: Any, now: datetime.datetime | None = None) -> int:
    """Openings taken by hires plus the offers still waiting for an answer."""
    now = now or timezone.now()
    return (
        _filled_openings(project_id)
        + Application.objects.filter(project_id=project_id, status=S.OFFERED, offer_expires_at__gt=now).count()
    )


def application_check_company(*, actor: Any, application: Application) -> None:
    """NotFound unless ``actor`` is a member of the application's organization."""
    _ensure_company(actor, application)


def application_offer(*, actor: Any, application: Application) -> Application:
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
            raise Conflict("Offers can only be made on open projects.", code="project_not_open")
        if openings_taken(project.pk, now) >= project.openings:
            raise Conflict(
                "Every opening is already filled or offered. Wait for an answer to the outstanding offers.",
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
                title=f"You have an offer for {application.project.title}",
                body=f"Accept or decline it before {timezone.localtime(expires):%Y-%m-%d %H:%M %Z}.",
                url="/applications/",
            )
    return application


# --- Talent actions --------------------------------------------------------------------------------


def application_withdraw(*, actor: Any, application: Application) -> Application:
    """The talent withdraws an active application (which frees a slot under their cap)."""
    _ensure_owner(actor, application)
    with transaction.atomic():
        application, changed = _transition(
            application, actor=actor, action="withdraw", updates={"decided_at": timezone.now()}
        )
        if changed:
            _notify(
                _org_members(application.project),
                event="application.withdrawn",
                title=f"{application.talent} withdrew from {application.project.title}",
                body="The applicant withdrew their application.",
                url=application_url(application),
            )
    return application


def application_decline(*, actor: Any, application: Application) -> Application:
    """The talent declines an offer; the opening becomes available to offer again."""
    _ensure_owner(actor, application)
    with transaction.atomic():
        application, changed = _transition(
            application,
            actor=actor,
            action="decline",
            updates={"decided_at": timezone.now(), "closing_reason": "declined by the talent"},
        )
        if changed:
            _notify(
                _org_members(application.project),
                event="application.declined",
                title=f"{application.talent} declined your offer for {application.project.title}",
                body="The opening is free again: you can offer it to another applicant.",
                url=application_url(application),
            )
    return application


def application_lock_for_accept(*, actor: Any, application: Application) -> tuple[Application, Project]:
    """First step of accepting an offer (``stint.flows.hiring.application_accept``, inside its
    transaction): the talent's own application, the project row locked, an expired offer refused
    (``offer_expired``) and a project whose openings are all filled by hires refused
    (``no_openings_left``: other outstanding offers stay, but cannot be accepted). Returns the
    current application (already hired: returned as it is) and the locked project."""
    _ensure_owner(actor, application)
    now = timezone.now()
    project = _lock_project(application.project_id)
    current = Application.objects.get(pk=application.pk)
    if current.status == S.HIRED:
        return (
            Application.objects.select_related("project", "project__organization", "talent").get(pk=application.pk),
            project,
        )
    if current.status == S.OFFERED and current.offer_expires_at is not None and current.offer_expires_at <= now:
        raise Conflict("This offer has expired.", code="offer_expired")
    if current.status == S.OFFERED and (_filled_openings(project.pk) >= project.openings):
        raise Conflict("Every opening of this project has been filled.", code="no_openings_left")
    return current, project


def application_mark_hired(*, actor: Any, application: Application, project: Project) -> tuple[Application, bool]:
    """Claim offered → hired and tell the organization's members; returns the application and
    whether this call won the claim (the caller creates the engagement only then)."""
    application, changed = _transition(
        application, actor=actor, action="accept", updates={"decided_at": timezone.now()}
    )
    if changed:
        _notify(
            _org_members(project),
            event="application.hired",
            title=f"{application.talent} accepted your offer for {project.title}",
            body="The engagement has started.",
            url=application_url(application),
        )
    return application, changed


# --- System actions --------------------------------------------------------------------------------


def _expire_one(pk: Any, *, now: datetime.datetime, reason: str, actor: Any = None) -> Application | None:
    claimed = Application.objects.filter(pk=pk, status__in=ACTIONS["expire"].sources).update(
        status=ACTIONS["expire"].to, decided_at=now, updated_at=now, closing_reason=reason
    )
    if not claimed:
        return None
    application = Application.objects.select_related("project", "talent").get(pk=pk)
    audit_log(actor, "application.expired", application, {"reason": reason})
    return application


def _decline_offer(pk: Any, *, now: datetime.datetime, reason: str, actor: Any = None) -> Application | None:
    claimed = Application.objects.filter(pk=pk, status__in=ACTIONS["decline"].sources).update(
        status=ACTIONS["decline"].to, decided_at=now, updated_at=now, closing_reason=reason
    )
    if not claimed:
        return None
    application = Application.objects.select_related("project", "talent").get(pk=pk)
    audit_log(actor, "application.declined", application, {"reason": reason})
    return application


def applications_expire_unanswered(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Everyone hears back. Safe to run any number of times (each row is claimed once).

    * Applications still submitted or shortlisted when their project's response deadline has
      passed become ``expired``; the talent is told the company did not answer in time (this
      counts against the organization's response rate).
    * Offers past ``offer_expires_at`` become ``declined`` (reason "offer expired"); the talent and
      the organization are told.
    """
    now = now or timezone.now()
    expired = declined = 0
    undecided = Application.objects.filter(
        status__in=UNDECIDED_STATUSES, project__response_deadline__lte=now
    ).values_list("pk", flat=True)
    for pk in list(undecided):
        with transaction.atomic():
            application = _expire_one(
                pk, now=now, reason="The company did not answer by the project's response deadline."
            )
            if application is None:
                continue
            expired += 1
            _notify(
                [application.talent],
                event="application.expired",
                title=f"No answer from the company for {application.project.title}",
                body=(
                    "The company did not answer your application by its response deadline, so it has been "
                    "closed automatically. This counts against the organization's public response rate. "
                    "The slot under your active-application limit is free again."
                ),
                url=application_url(application),
            )
    offers = Application.objects.filter(status=S.OFFERED, offer_expires_at__lte=now).values_list("pk", flat=True)
    for pk in list(offers):
        with transaction.atomic():
            application = _decline_offer(pk, now=now, reason=OFFER_EXPIRED_REASON)
            if application is None:
                continue
            declined += 1
            _notify(
                [application.talent],
                event="application.offer_expired",
                title=f"Your offer for {application.project.title} expired",
                body="You did not accept the offer in time, so it was declined automatically.",
                url=application_url(application),
            )
            _notify(
                _org_members(application.project),
                event="application.offer_expired",
                title=f"Your offer to {application.talent} for {application.project.title} expired",
                body="The opening is free again: you can offer it to another applicant.",
                url=application_url(application),
            )
    return {"expired": expired, "offers_declined": declined}


def applications_close_for_project(*, project: Project, actor: Any, reason: str) -> int:
    """Close every open application of a project that is being closed or cancelled.

    Undecided ones (submitted, shortlisted) become ``expired`` (the company did not decide on them;
    this counts against its response rate); outstanding offers become ``declined``. Each talent is
    notified. Call it inside the project's close/cancel transaction. Returns how many were closed.
    """
    now = timezone.now()
    note = f"The project was closed: {reason}" if reason else "The project was closed."
    closed = 0
    with transaction.atomic():
        pks = list(
            Application.objects.filter(project_id=project.pk, status__in=ACTIVE_STATUSES).values_list("pk", "status")
        )
        for pk, status in pks:
            if status == S.OFFERED:
                application = _decline_offer(pk, now=now, reason=note, actor=actor)
            else:
                application = _expire_one(pk, now=now, reason=note, actor=actor)
            if application is None:
                continue
            closed += 1
            _notify(
                [application.talent],
                event="application.project_closed",
                title=f"{project.title} is closed",
                body=f"{note} Your application is closed and no longer counts against your limit.",
                url=application_url(application),
            )
    return closed
