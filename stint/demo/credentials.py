"""Demo proof of work: Sam (talent@student.example) has three completed projects (hired, time logged,
delivered, approved and paid through the real services), each with endorsed skills, reviews from
both sides, a public summary or a confidential deliverable, and a signed credential; the portfolio
is published at /portfolio/sam-rivera/, with the member who approved the first project as a
reference (both agreed; they are connected and exchanged messages on their own thread).

Runs after the engagements step. Skips when there are too few open projects. Idempotent: Sam's
completed engagements are counted first, and each later write is guarded by a lookup.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stint.accounts.models import User
from stint.applications.choices import ApplicationStatus
from stint.core.demo import STEPS
from stint.core.errors import ApplicationError
from stint.credentials.models import Endorsement
from stint.credentials.references import reference_consent
from stint.credentials.services import (
    credential_issue_for_engagement,
    endorsable_skills,
    endorsements_set,
    portfolio_update,
)
from stint.demo.applications import _application, _owner
from stint.demo.engagements import _ensure_funded
from stint.engagements import services as engagements
from stint.engagements.choices import APPROVED_STATUSES
from stint.engagements.models import Engagement, Review
from stint.flows import settlement
from stint.messaging.connections import connection_ensure_for_engagement, connection_thread
from stint.messaging.models import Message
from stint.messaging.services import message_post
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project

logger = logging.getLogger(__name__)
SAM = "talent@student.example"
WANTED = 3
# Which of the three deliverables the company keeps confidential (the others publish the summary).
CONFIDENTIAL = 1


def _complete_one(sam: Any, project: Any, index: int) -> Engagement | None:
    owner = _owner(project)
    application = _application(sam, project, ApplicationStatus.HIRED, actor=owner)
    if application is None or owner is None:
        return None
    engagement = engagements.engagement_create_for_hire(application=application, actor=sam)
    if not _ensure_funded(engagement):
        return None
    today = timezone.localdate()
    engagements.time_entry_log(talent=sam, engagement=engagement, date=today, minutes=240 + 60 * index, note="Work")
    engagements.submission_create(
        talent=sam,
        engagement=engagement,
        notes="Final delivery.",
        ai_use="Spell-checking only.",
        links=["https://example.org/delivery"],
        files=[SimpleUploadedFile("delivery.md", b"# Delivery\n", content_type="text/markdown")],
    )
    return settlement.engagement_approve(actor=owner, engagement=engagement)


def _proof(sam: Any, engagement: Engagement, index: int) -> None:
    owner = _owner(engagement.project)
    if owner is not None and not Endorsement.objects.filter(engagement=engagement).exists():
        skills = endorsable_skills(engagement)
        project_skills = [s for s in skills if s.label not in {"Communication", "Time management"}][:2]
        transferable = [s for s in skills if s.label in {"Communication", "Time management"}]
        levels = {str(s.pk): 4 - (i % 2) for i, s in enumerate(project_skills + transferable)}
        summary = "" if index == CONFIDENTIAL else f"Delivered: {engagement.project.summary}"
        endorsements_set(
            actor=owner, engagement=engagement, levels=levels, confidential=not summary, public_summary=summary
        )
    if owner is not None and not Review.objects.filter(engagement=engagement).exists():
        engagements.review_create(
            author=owner,
            engagement=engagement,
            rating=5 - (index % 2),
            comment="Clear communication and delivered ahead of the deadline.",
        )
        engagements.review_create(
            author=sam, engagement=engagement, rating=5, comment="A clear brief and quick answers."
        )
    credential_issue_for_engagement(engagement=engagement)


def load_credentials(users: dict[str, Any]) -> None:
    sam = users.get(SAM) or User.objects.filter(email=SAM).first()
    if sam is None:
        return
    done = list(Engagement.objects.filter(talent=sam, status__in=APPROVED_STATUSES).order_by("created_at"))
    if len(done) < WANTED:
        candidates = (
            # Sam's history is in US dollars, the currency of the projects he started with; the
            # projects posted in other currencies stay open for everyone to find.
            Project.objects.filter(status=ProjectStatus.OPEN, visibility=Visibility.PUBLIC, currency="USD")
            .exclude(applications__talent=sam)
            .order_by("-created_at")
        )
        for project in candidates:
            if len(done) >= WANTED:
                break
            try:
                engagement = _complete_one(sam, project, len(done))
            except ApplicationError as exc:
                logger.info("demo credentials: %s skipped (%s)", project, exc)
                continue
            if engagement is not None:
                # Spread the made-up history over the past months so the dashboard has a shape.
                when = timezone.now() - datetime.timedelta(days=30 * (WANTED - len(done)))
                Engagement.objects.filter(pk=engagement.pk).update(
                    created_at=when - datetime.timedelta(days=12), approved_at=when, paid_at=when
                )
                engagement.refresh_from_db()
                done.append(engagement)
        # In the order a second run reads them (by the back-dated created_at), so both runs pick the
        # same engagement for the reference below and the step stays idempotent.
        done.sort(key=lambda e: e.created_at)
    for index, engagement in enumerate(done[:WANTED]):
        _proof(sam, engagement, index)
    if not getattr(sam, "portfolio", None) or not sam.portfolio.slug:
        portfolio_update(user=sam, slug="sam-rivera", published=True, show_reviews=True)
    if done:
        _connection_with_reference(sam, done[0])


def _connection_with_reference(sam: Any, engagement: Engagement) -> None:
    """Sam and the member who approved the first project are connected; that member is listed as a
    reference on Sam's portfolio (both agreed) and they exchanged a message later."""
    connection = connection_ensure_for_engagement(engagement=engagement)
    if connection is None:
        return
    reference_consent(actor=sam, connection=connection)
    reference_consent(
        actor=connection.supervisor, connection=connection, note="Supervised Sam's first project; happy to vouch."
    )
    thread = connection_thread(connection)
    if not Message.objects.filter(thread=thread).exists():
        message_post(actor=connection.supervisor, thread=thread, body="We have a new project coming up; interested?")
        message_post(actor=sam, thread=thread, body="Yes, very! Thank you for thinking of me.")


STEPS.append(load_credentials)
