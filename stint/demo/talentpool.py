"""Demo data of the talent pool: Northwind Labs completed a short project with Jonas Weber (approved
and paid through the real services, so the ledger is consistent), keeps notes and tags on him,
recorded that he accepted an internship (confirmed, shown on his portfolio), invited him to
another project, and Sam follows Northwind.

Idempotent: the completed project is found by its external id, and every other row by a natural key."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from stint.accounts.models import User
from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.core.demo import STEPS
from stint.core.errors import ApplicationError
from stint.engagements import services as engagements
from stint.engagements.models import Engagement, Review
from stint.flows import settlement
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization
from stint.payments.services import project_fund
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project
from stint.projects.services import project_build
from stint.skills.models import Category, Skill
from stint.talentpool.choices import HireKind, HireStatus, PoolInvitationStatus
from stint.talentpool.models import Follow, Hire, PoolInvitation, PoolNote, PoolTag

logger = logging.getLogger(__name__)

ORG = "northwind-labs"
JONAS = "jonas.weber@student.example"
SAM = "talent@student.example"
EXTERNAL_ID = "demo-pool-1"


def _owner(organization: Organization) -> Any:
    membership = Membership.objects.filter(organization=organization, role=MemberRole.OWNER).select_related("user")
    first = membership.first()
    return first.user if first else None


def _project_data(category: Category, skill: Skill, now: datetime.datetime) -> dict[str, Any]:
    start = timezone.localdate() + datetime.timedelta(days=3)
    return {
        "title": "Weekly sales dashboard clean-up",
        "summary": "Tidy our weekly sales dashboard and document its queries.",
        "description": "Review the dashboard's queries, fix the two known errors and write a short guide.",
        "category": category,
        "skills": [{"skill": skill.slug, "required": True}],
        "deliverables": ["A fixed dashboard", "A two-page guide"],
        "estimated_hours": 10,
        "fee_minor": 25_000,
        "currency": "USD",
        "openings": 1,
        "visibility": "public",
        "application_deadline": now + datetime.timedelta(days=1),
        "response_deadline": now + datetime.timedelta(days=2),
        "start_date": start,
        "due_date": start + datetime.timedelta(days=7),
        "questions": [],
        "rubric": [],
    }


def _hire_deliver_approve(
    organization: Organization, project: Project, owner: Any, talent: Any, now: datetime.datetime
) -> Engagement:
    """Hire ``talent``, deliver, approve (the fee is released through the ledger), review, close."""
    application = Application.objects.create(
        project=project,
        talent=talent,
        cover_letter="I cleaned up dashboards for two student societies and would enjoy this one.",
        status=ApplicationStatus.HIRED,
        first_response_at=now,
        offered_at=now,
        decided_at=now,
    )
    engagement = engagements.engagement_create_for_hire(application=application, actor=owner)
    engagements.submission_create(
        talent=talent,
        engagement=engagement,
        notes="The dashboard is fixed; the guide is attached.",
        ai_use="None: written by hand.",
        links=[],
        files=[SimpleUploadedFile("guide.md", b"# Dashboard guide\n", content_type="text/markdown")],
    )
    engagement = settlement.engagement_approve(actor=owner, engagement=engagement)
    Review.objects.get_or_create(
        engagement=engagement,
        side="company",
        defaults={
            "author": owner,
            "subject": talent,
            "organization": organization,
            "rating": 5,
            "comment": "Fast, careful and well documented.",
        },
    )
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.CLOSED, closed_at=now)
    return engagement


def _completed_engagement(organization: Organization, owner: Any, talent: Any) -> Engagement | None:
    """A small paid project of the organization with ``talent``: built, funded, hired, delivered and
    approved through the services (approval releases the fee through the ledger)."""
    existing = Engagement.objects.filter(project__external_id=EXTERNAL_ID).first()
    if existing is not None:
        return existing
    category = Category.objects.filter(slug="data-analysis").first() or Category.objects.first()
    skill = Skill.objects.filter(category=category).order_by("label").first() if category else None
    if category is None or skill is None:
        return None
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    data = _project_data(category, skill, now)
    try:
        with transaction.atomic():
            project = project_build(organization=organization, created_by=owner, data=data, external_id=EXTERNAL_ID)
            Project.objects.filter(pk=project.pk).update(status=ProjectStatus.OPEN, published_at=now)
            project.refresh_from_db()
        project_fund(project=project, actor=owner)
        with transaction.atomic():
            engagement = _hire_deliver_approve(organization, project, owner, talent, now)
        return engagement
    except ApplicationError as exc:  # the payments layer may refuse (declined card): skip the pool
        logger.info("demo talent pool: could not complete the demo engagement (%s); skipped", exc)
        return None


def load_talent_pool(users: dict[str, Any]) -> None:
    organization = Organization.objects.filter(slug=ORG).first()
    jonas = User.objects.filter(email=JONAS).first()
    if organization is None or jonas is None:
        return
    owner = _owner(organization)
    if owner is None or _completed_engagement(organization, owner, jonas) is None:
        return
    with transaction.atomic():
        if not PoolNote.objects.filter(organization=organization, talent=jonas).exists():
            PoolNote.objects.create(
                organization=organization,
                talent=jonas,
                author=owner,
                body="Rehire for anything with SQL; prefers async check-ins.",
            )
        for tag in ("sql", "rehire"):
            PoolTag.objects.get_or_create(organization=organization, talent=jonas, name=tag)
        Hire.objects.get_or_create(
            organization=organization,
            talent=jonas,
            role_title="Data analyst intern",
            defaults={
                "recorded_by": owner,
                "kind": HireKind.INTERNSHIP,
                "status": HireStatus.CONFIRMED,
                "show_on_portfolio": True,
                "answered_at": timezone.now(),
            },
        )
        next_project = Project.objects.filter(external_id="demo-27", status=ProjectStatus.OPEN).first()
        if next_project is not None:
            PoolInvitation.objects.get_or_create(
                project=next_project,
                talent=jonas,
                defaults={
                    "organization": organization,
                    "invited_by": owner,
                    "message": "You did great on the dashboard: want to map our customers next?",
                    "status": PoolInvitationStatus.PENDING,
                },
            )
        sam = users.get(SAM) or User.objects.filter(email=SAM).first()
        if sam is not None:
            Follow.objects.get_or_create(organization=organization, user=sam)


STEPS.append(load_talent_pool)
