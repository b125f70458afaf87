"""Hiring: from an application to an engagement.

Order of an offer: fund a freed opening (payments, outside any transaction: a provider call never
runs inside one), then the offer itself (applications, which locks the project row). Order of an
acceptance, in ONE transaction: the application and the locked project (applications), the
capacity guard (planner), the claim offered → hired (applications), the engagement (engagements).
Money and the capacity guard are explicit calls here, never signals.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from stint.accounts.actors import Actor, User
from stint.applications import services as applications
from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.engagements.selectors import engagements_dropped_out
from stint.engagements.services import engagement_create_for_hire
from stint.payments import services as payments
from stint.payments.selectors import top_up_for_engagement
from stint.planner import services as planner
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project

S = ApplicationStatus


def fund_freed_opening(*, actor: User, project_id: Any) -> None:
    """Outside transactions: an offer that needs a slot a drop-out refunded funds it first.

    Held funds cover ``openings`` minus the dropped-out engagements not yet funded again; when the
    next offer would go beyond that, one opening is funded again (``payments.project_fund_opening``,
    idempotent per drop-out)."""
    project = Project.objects.get(pk=project_id)
    if project.status != ProjectStatus.OPEN:
        return
    dropped = [e for e in engagements_dropped_out(project_id=project.pk) if top_up_for_engagement(e) is None]
    if not dropped:
        return
    if applications.openings_taken(project_id=project.pk) + 1 > project.openings - len(dropped):
        payments.project_fund_opening(project=project, actor=actor, replaces=dropped[0])


def application_offer(*, actor: User, application: Application) -> Application:
    """Offer the project to a submitted or shortlisted applicant (``applications.application_offer``:
    ``no_openings_left``, ``project_not_open``; the offer expires after ``STINT_OFFER_EXPIRY_HOURS``).
    An offer for a slot that a drop-out freed (and whose fee was refunded) funds that opening again
    first (``payment_method_required`` 409 without a card, ``payment_failed`` 402 if the charge
    fails; either way no offer)."""
    applications.application_check_company(actor=actor, application=application)
    if application.status in (S.SUBMITTED, S.SHORTLISTED):
        fund_freed_opening(actor=actor, project_id=application.project_id)
    return applications.application_offer(actor=actor, application=application)


def application_accept(*, actor: Actor, application: Application, accept_overload: bool = False) -> Application:
    """The talent accepts an offer: hired, and the engagement is created.

    In one transaction: lock the project and check the offer (``application_lock_for_accept``:
    ``offer_expired``, ``no_openings_left``), refuse when the project would push a week over the
    talent's capacity (``over_capacity``, 409, with the weeks and numbers;
    ``stint.planner.selectors.capacity_check``) unless ``accept_overload`` is set (then the stated
    overload is recorded in the audit log), claim offered → hired (``application_mark_hired``,
    which notifies the organization's members), create the engagement (status active; fee,
    currency and due date copied from the project). Accepting twice returns the hired application.
    """
    with transaction.atomic():
        current, project = applications.application_lock_for_accept(actor=actor, application=application)
        if current.status == S.HIRED:
            return current
        if current.status == S.OFFERED:
            overloads = planner.capacity_check(current.talent, project)
            if overloads and not accept_overload:
                raise planner.over_capacity_error(overloads)
            if overloads:
                planner.capacity_override_record(user=actor, application=current, overloads=overloads)
        hired, changed = applications.application_mark_hired(actor=actor, application=current, project=project)
        if changed:
            engagement_create_for_hire(application=hired, actor=actor)
    return hired
