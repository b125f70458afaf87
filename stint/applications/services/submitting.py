"""Applying: the talent's application and its checks."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stint.applications.choices import (
    ACTIVE_STATUSES,
)
from stint.applications.models import Application
from stint.applications.services.base import (
    MAX_ANSWER_CHARS,
    MAX_COVER_LETTER_CHARS,
    MAX_LINKS,
    S,
    _lock_project,
    _lock_talent,
    _notify,
    _org_members,
)
from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from stint.core.types import User
from stint.projects.access import Access, project_access
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project

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
                _("%(link)s is not a web address (http:// or https://).") % {"link": link[:80]},
                code="invalid_link",
                errors=[{"field": "links", "message": _("Enter full web addresses starting with https://.")}],
            )
        cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(
            _("Add at most %(count)s links.") % {"count": MAX_LINKS},
            code="too_many_links",
            errors=[{"field": "links", "message": _("At most %(count)s links.") % {"count": MAX_LINKS}}],
        )
    return cleaned


def _check_open_for_applications(project: Project, now: datetime.datetime) -> None:
    if project.status != ProjectStatus.OPEN or project.application_deadline <= now:
        raise Conflict(_("This project no longer accepts applications."), code="applications_closed")


def _clean_cover_letter(cover_letter: str) -> str:
    cover_letter = (cover_letter or "").replace("\x00", "").strip()
    minimum = settings.STINT_MIN_COVER_LETTER_CHARS
    if len(cover_letter) < minimum:
        raise ValidationFailed(
            _("Write a cover letter of at least %(minimum)s characters about this project (you wrote %(count)s).")
            % {"minimum": minimum, "count": len(cover_letter)},
            code="cover_letter_too_short",
            errors=[{"field": "cover_letter", "message": _("At least %(count)s characters.") % {"count": minimum}}],
        )
    if len(cover_letter) > MAX_COVER_LETTER_CHARS:
        raise ValidationFailed(
            _("Keep the cover letter under %(count)s characters.") % {"count": MAX_COVER_LETTER_CHARS},
            code="cover_letter_too_long",
            errors=[
                {
                    "field": "cover_letter",
                    "message": _("At most %(count)s characters.") % {"count": MAX_COVER_LETTER_CHARS},
                }
            ],
        )
    return cover_letter


def _clean_answers(project: Project, answers: list[Any]) -> list[str]:
    questions = list(project.questions or [])
    cleaned = [str(a).replace("\x00", "").strip() for a in answers]
    if len(cleaned) != len(questions) or any(not a for a in cleaned):
        raise ValidationFailed(
            ngettext(
                "Answer the %(count)s screening question.",
                "Answer each of the %(count)s screening questions.",
                len(questions),
            )
            % {"count": len(questions)},
            code="answers_required",
            errors=[{"field": "answers", "message": _("Answer every question.")}],
        )
    if any(len(a) > MAX_ANSWER_CHARS for a in cleaned):
        raise ValidationFailed(
            _("Keep each answer under %(count)s characters.") % {"count": MAX_ANSWER_CHARS},
            code="answer_too_long",
            errors=[
                {
                    "field": "answers",
                    "message": _("At most %(count)s characters per answer.") % {"count": MAX_ANSWER_CHARS},
                }
            ],
        )
    return cleaned


def _check_talent_and_project_caps(talent: Any, project: Project, cover_letter: str) -> None:
    """Inside the transaction, with the talent's and the project's rows locked: one application per
    project, a letter not sent before, the talent's active cap and the project's cap."""
    mine = Application.objects.filter(talent_id=talent.pk)
    if mine.filter(project_id=project.pk).exists():
        raise Conflict(_("You have already applied to this project."), code="already_applied")
    normalised = normalise_letter(cover_letter)
    if any(normalise_letter(letter) == normalised for letter in mine.values_list("cover_letter", flat=True)):
        raise ValidationFailed(
            _("This cover letter is identical to one you sent before. Tailor it to this project."),
            code="cover_letter_not_tailored",
            errors=[{"field": "cover_letter", "message": _("Write a letter for this project.")}],
        )
    limit = settings.STINT_MAX_ACTIVE_APPLICATIONS
    if mine.filter(status__in=ACTIVE_STATUSES).count() >= limit:
        raise Conflict(
            _("You already have %(count)s active applications. Withdraw one or wait for answers before applying again.")
            % {"count": limit},
            code="too_many_active_applications",
        )
    if project.max_applications is not None:
        received = Application.objects.filter(project_id=project.pk).exclude(status=S.WITHDRAWN).count()
        if received >= project.max_applications:
            raise Conflict(
                _("This project has received all the applications it accepts."),
                code="project_application_cap_reached",
            )


def application_submit(
    *,
    talent: User,
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
        raise PermissionDenied(_("Only talent accounts can apply to projects."), code="talent_role_required")
    if project_access(project=project, user=talent, secret=secret) is not Access.APPLY:
        raise NotFound(_("Project not found."))
    now = timezone.now()
    _check_open_for_applications(project, now)

    cover_letter = _clean_cover_letter(cover_letter)
    answers = _clean_answers(project, answers or [])
    clean_links = _clean_links(links or [])

    with transaction.atomic():
        _lock_talent(talent.pk)
        project = _lock_project(project.pk)
        _check_open_for_applications(project, now)
        _check_talent_and_project_caps(talent, project, cover_letter)
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
            raise Conflict(_("You have already applied to this project."), code="already_applied")
        audit_log(talent, "application.submitted", application, {"project": str(project.pk)})
        _notify(
            _org_members(project),
            event="application.submitted",
            texts=lambda: (
                _("New application for %(project)s") % {"project": project.title},
                _("%(talent)s applied to %(project)s.") % {"talent": talent, "project": project.title},
            ),
            url=f"/applications/project/{project.pk}/",
        )
    return application
