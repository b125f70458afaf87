"""The talent's actions: withdraw, decline, accept (first steps)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.applications.choices import DECLINED_BY_TALENT_REASON
from stint.applications.models import Application
from stint.applications.services.base import (
    S,
    _ensure_owner,
    _lock_project,
    _lock_talent,
    _notify,
    _org_members,
    _transition,
    application_url,
)
from stint.applications.services.company import _filled_openings
from stint.core.errors import Conflict
from stint.core.types import Actor
from stint.projects.models import Project

# --- Talent actions --------------------------------------------------------------------------------


def application_withdraw(*, actor: Actor, application: Application) -> Application:
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
                texts=lambda: (
                    _("%(talent)s withdrew from %(project)s")
                    % {"talent": application.talent, "project": application.project.title},
                    _("The applicant withdrew their application."),
                ),
                url=application_url(application),
            )
    return application


def application_decline(*, actor: Actor, application: Application) -> Application:
    """The talent declines an offer; the opening becomes available to offer again."""
    _ensure_owner(actor, application)
    with transaction.atomic():
        application, changed = _transition(
            application,
            actor=actor,
            action="decline",
            updates={"decided_at": timezone.now(), "closing_reason": DECLINED_BY_TALENT_REASON},
        )
        if changed:
            _notify(
                _org_members(application.project),
                event="application.declined",
                texts=lambda: (
                    _("%(talent)s declined your offer for %(project)s")
                    % {"talent": application.talent, "project": application.project.title},
                    _("The opening is free again: you can offer it to another applicant."),
                ),
                url=application_url(application),
            )
    return application


def application_lock_for_accept(*, actor: Actor, application: Application) -> tuple[Application, Project]:
    """First step of accepting an offer (``stint.flows.hiring.application_accept``, inside its
    transaction): the talent's own application, the talent's row then the project row locked, an expired offer refused
    (``offer_expired``) and a project whose openings are all filled by hires refused
    (``no_openings_left``: other outstanding offers stay, but cannot be accepted). Returns the
    current application (already hired: returned as it is) and the locked project."""
    _ensure_owner(actor, application)
    now = timezone.now()
    # The talent first (as ``application_submit`` does, same order, no deadlock): two accepts by
    # one talent on different projects must not both pass the capacity check that follows.
    _lock_talent(application.talent_id)
    project = _lock_project(application.project_id)
    current = Application.objects.get(pk=application.pk)
    if current.status == S.HIRED:
        return (
            Application.objects.select_related("project", "project__organization", "talent").get(pk=application.pk),
            project,
        )
    if current.status == S.OFFERED and current.offer_expires_at is not None and current.offer_expires_at <= now:
        raise Conflict(_("This offer has expired."), code="offer_expired")
    if current.status == S.OFFERED and (_filled_openings(project.pk) >= project.openings):
        raise Conflict(_("Every opening of this project has been filled."), code="no_openings_left")
    return current, project


def application_mark_hired(*, actor: Actor, application: Application, project: Project) -> tuple[Application, bool]:
    """Claim offered → hired and tell the organization's members; returns the application and
    whether this call won the claim (the caller creates the engagement only then)."""
    application, changed = _transition(
        application, actor=actor, action="accept", updates={"decided_at": timezone.now()}
    )
    if changed:
        _notify(
            _org_members(project),
            event="application.hired",
            texts=lambda: (
                _("%(talent)s accepted your offer for %(project)s")
                % {"talent": application.talent, "project": project.title},
                _("The engagement has started."),
            ),
            url=application_url(application),
        )
    return application, changed
