"""Demo step: publish the demo projects through the same publish-and-fund path as real ones.

"Funds are secured before you apply" must hold in the demo too: each demo project meant to be
listed (or waiting for review) is funded with ``project_fund`` (fee × openings + platform fee, a
real ledger move through the configured provider; the demo is meant for the test provider) and then
published with ``project_publish``, exactly what the publish button does. Only the publication
dates are then spread over the last days so that "newest first" looks like a real catalogue.

Before that, every demo organization gets a (simulated) card on file and every demo talent a
(simulated) payout account, as a real company and talent would set up (``_set_up_steps``).

Runs after the projects step and before the applications step. Idempotent: a demo project that is
no longer a draft is not published again, and funding is once per project (``project_fund`` returns
the existing funding); a listed demo project without funds (a database loaded by an older loader) is
funded.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.utils import timezone

from stint.core.demo import STEPS
from stint.core.errors import ApplicationError
from stint.flows.publishing import project_publish
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership
from stint.payments.payment_methods import payment_method_current, payment_method_simulate
from stint.payments.payout_accounts import payout_account_current, payout_account_simulate
from stint.payments.providers import get_provider
from stint.payments.selectors import project_funds_secured
from stint.payments.services import project_fund
from stint.projects.choices import ProjectStatus
from stint.projects.demo import DEMO_PROJECTS
from stint.projects.models import Project

logger = logging.getLogger(__name__)

LISTED = (ProjectStatus.OPEN, ProjectStatus.PENDING_REVIEW)


def _owner(organization_id: Any) -> Any:
    memberships = Membership.objects.filter(organization_id=organization_id).select_related("user")
    membership = memberships.filter(role=MemberRole.OWNER).first() or memberships.first()
    return membership.user if membership else None


def _set_up_steps(users: dict[str, Any], projects: list[Project]) -> None:
    """The one-time set-up steps a real company and talent do (simulated: the demo runs on the test
    provider): a card on file for every demo organization, a payout account for every demo talent."""
    if get_provider().name != "test":
        return
    for organization in {p.organization for p in projects}:
        owner = _owner(organization.pk)
        if owner is not None and payment_method_current(organization=organization) is None:
            payment_method_simulate(actor=owner, organization=organization, card_number="4242424242424242")
    for user in users.values():
        if getattr(user, "role", None) == "talent" and payout_account_current(user=user) is None:
            payout_account_simulate(user=user)


def publish_demo_projects(users: dict[str, Any]) -> None:
    specs = {f"demo-{spec.n}": spec for spec in DEMO_PROJECTS if spec.status in LISTED}
    projects = Project.objects.filter(external_id__in=list(specs)).select_related("organization").order_by("created_at")
    _set_up_steps(users, list(projects))
    now = timezone.now()
    for project in projects:
        if project.status not in (ProjectStatus.DRAFT, *LISTED):
            continue
        if project.status in LISTED and project_funds_secured(project):
            continue
        owner = _owner(project.organization_id)
        if owner is None:
            continue
        try:
            project_fund(project=project, actor=owner)
            if project.status == ProjectStatus.DRAFT:
                project_publish(actor=owner, project=project)
        except ApplicationError as exc:  # a declining provider: leave it a draft, say why
            logger.warning("demo: could not publish %s (%s)", project.external_id, exc.code)
            continue
        spec = specs[project.external_id or ""]
        Project.objects.filter(pk=project.pk, status=ProjectStatus.OPEN).update(
            published_at=now - datetime.timedelta(days=spec.n % 5, hours=spec.n)
        )


STEPS.append(publish_demo_projects)
