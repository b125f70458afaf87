"""Demo engagement work: the hired demo engagement (created by the applications step) gets a few
time entries and a first submission, so the workspace, the review window and the company's
approve / request-changes actions have something to show.

Runs after the applications step. Skips gracefully when there is no active engagement or when its
project has no held funds and cannot be funded (the submission would otherwise be unpayable).
Idempotent: an engagement that already has time entries or submissions is left alone.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from stint.core.demo import STEPS
from stint.core.errors import ApplicationError
from stint.engagements import services
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Engagement
from stint.flows import publishing, settlement
from stint.payments import ledger
from stint.payments.choices import AccountKind
from stint.payments.services import project_fund
from stint.projects.choices import ProjectStatus

logger = logging.getLogger(__name__)

SAM = "talent@student.example"

REPORT = (
    "# Competitor survey: first draft\n\n"
    "Five budgeting apps compared on price, onboarding and student features.\n\n"
    "| App | Price | Student plan |\n|---|---|---|\n| A | free | no |\n| B | 3 USD | yes |\n"
)


def _ensure_funded(engagement: Engagement) -> bool:
    held = ledger.account_for(AccountKind.HELD, engagement.currency, project=engagement.project)
    if ledger.account_balance(held) >= engagement.fee_minor:
        return True
    try:
        with transaction.atomic():
            project_fund(project=engagement.project, actor=None)
    except ApplicationError as exc:  # the payments layer may refuse (declined, pending): skip the step
        logger.info("demo engagements: could not fund %s (%s); skipped", engagement.project, exc)
        return False
    return ledger.account_balance(held) >= engagement.fee_minor


def load_engagements(users: dict[str, Any]) -> None:
    engagements = Engagement.objects.filter(status=EngagementStatus.ACTIVE).select_related(
        "project", "project__organization", "talent"
    )
    for engagement in engagements[:3]:
        if engagement.time_entries.exists() or engagement.submissions.exists():
            continue
        if not _ensure_funded(engagement):
            continue
        today = timezone.localdate()
        services.time_entry_log(
            talent=engagement.talent, engagement=engagement, date=today, minutes=150, note="Desk research"
        )
        services.time_entry_log(
            talent=engagement.talent, engagement=engagement, date=today, minutes=90, note="Comparison table"
        )
        services.milestone_create(actor=engagement.talent, engagement=engagement, title="First draft", due_date=None)
        services.submission_create(
            talent=engagement.talent,
            engagement=engagement,
            notes="First draft of the survey; the comparison table is in the file.",
            ai_use="None: researched and written by hand.",
            links=["https://example.org/survey-sources"],
            files=[SimpleUploadedFile("survey-draft.md", REPORT.encode(), content_type="text/markdown")],
        )


def complete_demo_talent_engagement(users: dict[str, Any]) -> None:
    """Sam's submitted engagement is approved (the fee is released to Sam's balance), both sides
    review each other, and the project, now filled, is closed. Idempotent: a paid engagement that
    already has its reviews is left alone."""
    engagement = (
        Engagement.objects.filter(talent__email=SAM, status__in=(EngagementStatus.SUBMITTED, EngagementStatus.PAID))
        .select_related("project", "project__organization", "talent")
        .order_by("created_at")
        .first()
    )
    if engagement is None:
        return
    owner = _org_owner(engagement)
    if owner is None:
        return
    engagement = settlement.engagement_approve(actor=owner, engagement=engagement)
    if not engagement.reviews.filter(author=owner).exists():
        services.review_create(
            author=owner,
            engagement=engagement,
            rating=5,
            comment="Clear structure, sources for every claim, and delivered two days early.",
            endorsed_skills=list(engagement.project.project_skills.values_list("skill_id", flat=True)[:2]),
        )
    if not engagement.reviews.filter(author=engagement.talent).exists():
        services.review_create(
            author=engagement.talent,
            engagement=engagement,
            rating=5,
            comment="A well-scoped brief and quick, useful feedback on the first draft.",
        )
    if engagement.project.status == ProjectStatus.OPEN:
        publishing.project_close(
            actor=owner, project=engagement.project, reason="The opening is filled and the work is done."
        )


def _org_owner(engagement: Engagement) -> Any:
    membership = engagement.project.organization.memberships.select_related("user").order_by("created_at").first()
    return membership.user if membership else None


STEPS.append(load_engagements)
STEPS.append(complete_demo_talent_engagement)
