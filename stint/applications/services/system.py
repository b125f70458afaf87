"""Scheduled and cascading actions: expiry, offers declined by time, closing with the project."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.applications.choices import (
    ACTIONS,
    ACTIVE_STATUSES,
    NO_ANSWER_REASON,
    OFFER_EXPIRED_REASON,
    PROJECT_CLOSED_PREFIX,
    PROJECT_CLOSED_REASON,
    UNDECIDED_STATUSES,
)
from stint.applications.models import Application
from stint.applications.services.base import (
    S,
    _notify,
    _org_members,
    application_url,
)
from stint.core.audit import audit_log
from stint.core.types import Actor
from stint.projects.models import Project

# --- System actions --------------------------------------------------------------------------------


def _expire_one(pk: Any, *, now: datetime.datetime, reason: str, actor: Actor | None = None) -> Application | None:
    claimed = Application.objects.filter(pk=pk, status__in=ACTIONS["expire"].sources).update(
        status=ACTIONS["expire"].to, decided_at=now, updated_at=now, closing_reason=reason
    )
    if not claimed:
        return None
    application = Application.objects.select_related("project", "talent").get(pk=pk)
    audit_log(actor, "application.expired", application, {"reason": reason})
    return application


def _decline_offer(pk: Any, *, now: datetime.datetime, reason: str, actor: Actor | None = None) -> Application | None:
    claimed = Application.objects.filter(pk=pk, status__in=ACTIONS["decline"].sources).update(
        status=ACTIONS["decline"].to, decided_at=now, updated_at=now, closing_reason=reason
    )
    if not claimed:
        return None
    application = Application.objects.select_related("project", "talent").get(pk=pk)
    audit_log(actor, "application.declined", application, {"reason": reason})
    return application


def _expired_texts(application: Application) -> tuple[str, str]:
    return (
        _("No answer from the company for %(project)s") % {"project": application.project.title},
        _(
            "The company did not answer your application by its response deadline, so it has been "
            "closed automatically. This counts against the organization's public response rate. "
            "The slot under your active-application limit is free again."
        ),
    )


def _offer_expired_texts_for_talent(application: Application) -> tuple[str, str]:
    return (
        _("Your offer for %(project)s expired") % {"project": application.project.title},
        _("You did not accept the offer in time, so it was declined automatically."),
    )


def _offer_expired_texts_for_company(application: Application) -> tuple[str, str]:
    return (
        _("Your offer to %(talent)s for %(project)s expired")
        % {"talent": application.talent, "project": application.project.title},
        _("The opening is free again: you can offer it to another applicant."),
    )


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
            application = _expire_one(pk, now=now, reason=NO_ANSWER_REASON)
            if application is None:
                continue
            expired += 1
            _notify(
                [application.talent],
                event="application.expired",
                texts=partial(_expired_texts, application),
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
                texts=partial(_offer_expired_texts_for_talent, application),
                url=application_url(application),
            )
            _notify(
                _org_members(application.project),
                event="application.offer_expired",
                texts=partial(_offer_expired_texts_for_company, application),
                url=application_url(application),
            )
    return {"expired": expired, "offers_declined": declined}


def applications_close_for_project(*, project: Project, actor: Actor, reason: str) -> int:
    """Close every open application of a project that is being closed or cancelled.

    Undecided ones (submitted, shortlisted) become ``expired`` (the company did not decide on them;
    this counts against its response rate); outstanding offers become ``declined``. Each talent is
    notified. Call it inside the project's close/cancel transaction. Returns how many were closed.
    """
    now = timezone.now()
    note = f"{PROJECT_CLOSED_PREFIX}{reason}" if reason else PROJECT_CLOSED_REASON
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
                texts=lambda: (
                    _("%(project)s is closed") % {"project": project.title},
                    (
                        _("The project was closed: %(reason)s") % {"reason": reason}
                        if reason
                        else _("The project was closed.")
                    )
                    + " "
                    + _("Your application is closed and no longer counts against your limit."),
                ),
                url=application_url(application),
            )
    return closed
