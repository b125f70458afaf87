"""Funding: charge the company and move the money into the project's held funds."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from stint.core.audit import audit_log
from stint.core.errors import ApplicationError, Conflict, ValidationFailed
from stint.core.types import Actor
from stint.engagements.models import Engagement
from stint.payments.choices import FundingPurpose, OperationStatus
from stint.payments.models import Funding
from stint.payments.operations import funding_execute
from stint.payments.payment_methods import payment_method_required
from stint.payments.providers import get_provider
from stint.payments.services.quotes import funding_quote, opening_quote
from stint.payments.services.refunds import project_refund_unused
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project


def _funding_outcome(funding: Funding) -> Funding:
    if funding.status == OperationStatus.SUCCEEDED:
        return funding
    if funding.status == OperationStatus.FAILED:
        raise ApplicationError(
            gettext("The payment failed: %(reason)s")
            % {"reason": funding.failure_reason or gettext("the card was declined.")},
            code="payment_failed",
            status=402,
        )
    raise Conflict(
        gettext("The payment is still being processed; try again in a minute."), code="payment_pending", status=409
    )


LIVE_STATUSES = (OperationStatus.PENDING, OperationStatus.SUCCEEDED)


def _replay_key(idempotency_key: str | None, project: Project) -> Funding | None:
    """The funding already made with ``idempotency_key`` (a replay), or None."""
    if not idempotency_key:
        return None
    existing = Funding.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None and existing.project_id != project.pk:
        raise Conflict(gettext("This idempotency key was used for another project."), code="idempotency_key_reused")
    return existing


def _charge(funding: Funding, actor: Actor | None, project: Project) -> Funding:
    """Call the provider for a pending funding (outside transactions), audit, and return the outcome."""
    funding = funding_execute(funding.pk)
    # project.funded / project.funding_failed; project.opening_funded / project.opening_funding_failed
    stem = "project." if funding.purpose == FundingPurpose.INITIAL else "project.opening_"
    succeeded = funding.status == OperationStatus.SUCCEEDED
    code = f"{stem}funded" if succeeded else f"{stem}funding_{funding.status}"
    audit_log(
        actor,
        code,
        project,
        {
            "funding_id": str(funding.pk),
            "purpose": funding.purpose,
            "amount_minor": funding.amount_minor,
            "currency": funding.currency,
        },
    )
    return _funding_outcome(funding)


def project_fund(*, project: Project, actor: Actor | None, idempotency_key: str | None = None) -> Funding:
    """Charge the organization fee × openings + platform fee and move it into held funds.

    Preconditions: call OUTSIDE ``transaction.atomic`` (the provider is called in between two
    short transactions). Returns the succeeded ``Funding``; a project already funded returns its
    funding (a replayed publish charges nothing). Raises ``payment_failed`` (402) when the charge
    fails, leaving no held funds; ``payment_pending`` (409) while the provider has not answered
    (reconciliation settles it later); ``payment_method_required`` (409) when a new charge is due and
    the organization has no payment method the provider in use can charge (nothing is written).
    The unique "one live initial funding per project" constraint makes concurrent publishes charge
    once. Locks: none (the ledger move only
    credits). Enqueues nothing.
    """
    project = Project.objects.select_related("organization").get(pk=project.pk)
    existing = _replay_key(idempotency_key, project)
    if existing is not None:
        return _funding_outcome(existing)
    live_initial = Funding.objects.filter(project=project, purpose=FundingPurpose.INITIAL, status__in=LIVE_STATUSES)
    live = live_initial.first()
    if live is not None:
        return _funding_outcome(live)
    # A new charge needs a card the provider in use can charge: refused before any row exists.
    payment_method_required(organization=project.organization)
    quote = funding_quote(project)
    try:
        with transaction.atomic():
            funding = Funding.objects.create(
                project=project,
                organization=project.organization,
                purpose=FundingPurpose.INITIAL,
                amount_minor=quote["total"].amount_minor,
                held_minor=quote["held"].amount_minor,
                platform_fee_minor=quote["platform_fee"].amount_minor,
                currency=project.currency,
                openings=project.openings,
                provider=get_provider().name,
                idempotency_key=idempotency_key or f"project-fund:{project.pk}:{uuid.uuid4().hex}",
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        live = live_initial.first()
        if live is None:
            raise
        return _funding_outcome(live)
    return _charge(funding, actor, project)


def project_fund_opening(
    *, project: Project, actor: Actor | None, idempotency_key: str | None = None, replaces: Engagement | None = None
) -> Funding:
    """Top up held funds by ONE opening: charge the project's fee plus its platform fee.

    Used when a talent dropped out (their opening's fee was refunded at once) and the company
    offers the slot to the next applicant (``engagement_offer_next``): without a top-up the
    replacement's approval would find no held funds (``insufficient_held_funds``).

    Preconditions: call OUTSIDE ``transaction.atomic`` (the provider is called between two short
    transactions, as for ``project_fund``). ``replaces`` is the engagement the talent left: at most
    one live (pending or succeeded) top-up exists per such engagement (a database constraint), so
    a repeated or concurrent call returns the same funding and charges once; after a failed charge
    a new call charges again. ``idempotency_key``: the same key returns the same funding (its
    outcome replayed; another project → ``idempotency_key_reused`` 409). Raises
    ``payment_method_required`` (409, nothing written) when a new charge is due and the organization
    has no usable payment method, ``payment_failed``
    (402) when the charge fails (nothing is held) and ``payment_pending`` (409) while the provider
    has not answered. Locks: none (the ledger move only credits). Enqueues nothing. The money is
    refunded like any held funds: released on approval, or refunded as unused when the project
    closes (``project_refund_unused``).
    """
    project = Project.objects.select_related("organization").get(pk=project.pk)
    existing = _replay_key(idempotency_key, project)
    if existing is not None:
        return _funding_outcome(existing)
    if replaces is not None and replaces.project_id != project.pk:
        raise ValidationFailed(gettext("The engagement belongs to another project."), code="engagement_not_in_project")
    if project.status != ProjectStatus.OPEN:
        raise Conflict(gettext("Only an open project can be topped up."), code="project_not_open")
    live_top_up = Funding.objects.filter(
        purpose=FundingPurpose.TOP_UP, replaces_engagement=replaces, status__in=LIVE_STATUSES
    )
    if replaces is not None:
        live = live_top_up.first()
        if live is not None:
            return _funding_outcome(live)
    payment_method_required(organization=project.organization)
    quote = opening_quote(project)
    try:
        with transaction.atomic():
            funding = Funding.objects.create(
                project=project,
                organization=project.organization,
                purpose=FundingPurpose.TOP_UP,
                replaces_engagement=replaces,
                amount_minor=quote["total"].amount_minor,
                held_minor=quote["held"].amount_minor,
                platform_fee_minor=quote["platform_fee"].amount_minor,
                currency=project.currency,
                openings=1,
                provider=get_provider().name,
                idempotency_key=idempotency_key or f"project-fund-opening:{project.pk}:{uuid.uuid4().hex}",
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        live = live_top_up.first() if replaces is not None else _replay_key(idempotency_key, project)
        if live is None:
            raise
        return _funding_outcome(live)
    funding = _charge(funding, actor, project)
    _refund_if_closed_meanwhile(project, actor)
    return funding


def _refund_if_closed_meanwhile(project: Project, actor: Actor | None) -> None:
    """The project closed while the provider was charging a top-up: its unused funds were already
    refunded, so refund this top-up too rather than leave it held with no opening to fill."""
    if Project.objects.filter(pk=project.pk).values_list("status", flat=True).get() != ProjectStatus.OPEN:
        project_refund_unused(project=project, actor=actor)
        raise Conflict(
            gettext("The project closed while it was being topped up; the charge is refunded."), code="project_not_open"
        )
