"""Publishing: a project becomes open for applications, or stops being open.

Publish = fund: the preconditions (projects), the charge of the fee × openings plus the platform
fee into held funds (payments, OUTSIDE any transaction: the provider is called between two short
transactions, idempotent per project), then the status claim (projects). Close and cancel, in ONE
transaction: the status claim (projects), every undecided applicant declined and told
(applications), the unused openings refunded (payments). Verifying an organization (organizations)
opens its projects waiting for review (projects) in the same transaction.
"""

from __future__ import annotations

from django.db import transaction

from stint.accounts.actors import Actor, User
from stint.applications import services as applications
from stint.organizations import reliability
from stint.organizations import services as organizations
from stint.organizations.models import Organization
from stint.payments import services as payments
from stint.projects import services as projects
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project


def project_publish(*, actor: User, project: Project) -> Project:
    """Publish a draft: open at once for a verified organization, pending_review otherwise (it opens
    when staff approve it or verify the organization).

    Order: ``projects.project_check_publishable`` (member, draft, the rules) → ``payments.project_fund``
    (no payment method the provider in use can charge raises ``payment_method_required`` 409 before
    anything is written — the one check every path obeys: page, API, demo, tests; a failed charge
    raises ``payment_failed`` 402 and the project stays a draft; a replayed or
    concurrent publish charges once, and a project sent back to draft by moderation keeps its
    funding when published again) → ``projects.project_mark_published``. Projects waiting for
    review are funded too, so the money is secured before anyone can apply. Keep publishing in this
    one function so that nothing can open a project without going through the charge.
    """
    organization = projects.project_check_publishable(actor=actor, project=project)
    payments.project_fund(project=project, actor=actor, idempotency_key=None)
    return projects.project_mark_published(actor=actor, project=project, organization=organization)


def _end(actor: User, project: Project, reason: str, target: str) -> Project:
    with transaction.atomic():
        project = projects.project_mark_ended(actor=actor, project=project, reason=reason, target=target)
        # Every applicant hears back: undecided applications are declined and each applicant is
        # notified (the notifications are sent on commit).
        applications.applications_close_for_project(project=project, actor=actor, reason=project.close_reason)
        # Unused openings are refunded (with their platform fee); fees of hired engagements stay
        # held until each engagement is approved, cancelled or split by staff.
        payments.project_refund_unused(project=project, actor=actor)
    return project


def project_close(*, actor: User, project: Project, reason: str) -> Project:
    """open → closed: no more applications; those still undecided are declined with ``reason``
    and every applicant is notified. Hired work goes on; the held funds of unused openings are
    refunded."""
    return _end(actor, project, reason, ProjectStatus.CLOSED)


def project_cancel(*, actor: User, project: Project, reason: str) -> Project:
    """draft/pending_review/open → cancelled, notifying every applicant with ``reason``; held funds
    not needed by hired engagements are refunded."""
    return _end(actor, project, reason, ProjectStatus.CANCELLED)


def organization_verify(*, actor: Actor, organization: Organization) -> Organization:
    """Mark an organization verified (staff only) and publish its projects waiting for review.

    In one transaction: the claim (``organizations.organization_mark_verified``; verifying twice
    verifies once, with no second audit event or notification), the organization's
    ``pending_review`` projects opened (``projects.project_publish_pending_for_organization``), the
    audit event and the owners' notification. If opening the projects fails, nothing is verified.
    The cached reliability figures are dropped afterwards."""
    with transaction.atomic():
        if not organizations.organization_mark_verified(actor=actor, organization=organization):
            return organization
        published = projects.project_publish_pending_for_organization(organization=organization, actor=actor)
        organizations.organization_record_verified(actor=actor, organization=organization, published=published)
    reliability.organization_reliability_invalidate(organization)
    return organization
