"""Demo applications: Sam (talent@student.example) has applications in several states, another
student is hired (with the engagement), and one application has a message thread.

Runs after the projects and talent steps; it looks up open projects and talent at run time and
does nothing when there are none. Idempotent: an application is created only when the talent has
none on that project, and messages only on an empty thread.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from typing import Any

from django.utils import timezone

from stint.accounts.choices import Role
from stint.accounts.models import User
from stint.applications.choices import REJECTION_TEMPLATES, ApplicationStatus
from stint.applications.models import Application, RubricScore
from stint.core.audit import audit_log
from stint.core.demo import STEPS
from stint.engagements.services import engagement_create_for_hire
from stint.messaging.models import Message
from stint.messaging.services import thread_for_application
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project

logger = logging.getLogger(__name__)

S = ApplicationStatus
SAM = "talent@student.example"

# (status for Sam, whether the company scored the application)
SAM_PLAN = [S.SHORTLISTED, S.SUBMITTED, S.OFFERED, S.REJECTED]


def _letter(talent: User, project: Project) -> str:
    return (
        f"Dear {project.organization.name} team,\n\n"
        f"I would like to work on “{project.title}”: the brief is exactly the kind of problem I enjoy. "
        "I have done similar coursework projects, I plan my hours carefully around my studies, and I would "
        "share a short outline of my approach in the first two days so that we agree on the direction early.\n\n"
        f"Best regards,\n{talent.name or talent.email}"
    )


def _application(talent: User, project: Project, status: str, *, actor: Any = None) -> Application | None:
    existing = Application.objects.filter(talent=talent, project=project).first()
    if existing is not None:
        return None
    now = timezone.now()
    application = Application.objects.create(
        project=project,
        talent=talent,
        cover_letter=_letter(talent, project),
        answers=[
            "I would start by reading what already exists, then test my plan with you." for _ in project.questions
        ],
        links=["https://github.com/"] if status != S.SUBMITTED else [],
        status=status,
    )
    audit_log(talent, "application.submitted", application, {"project": str(project.pk)})
    updates: dict[str, Any] = {}
    if status != S.SUBMITTED:
        updates["first_response_at"] = now
        audit_log(actor, "application.shortlisted", application, {"from": S.SUBMITTED})
    if status in (S.OFFERED, S.HIRED):
        updates.update(offered_at=now, offer_expires_at=now + datetime.timedelta(hours=72))
        audit_log(actor, "application.offered", application, {"from": S.SHORTLISTED})
    if status == S.REJECTED:
        updates.update(rejection_reason=REJECTION_TEMPLATES[0], decided_at=now)
        audit_log(actor, "application.rejected", application, {"reason": REJECTION_TEMPLATES[0]})
    if status == S.HIRED:
        updates["decided_at"] = now
        audit_log(talent, "application.hired", application, {"from": S.OFFERED})
    if updates:
        Application.objects.filter(pk=application.pk).update(**updates)
        application.refresh_from_db()
    if status in (S.SHORTLISTED, S.REJECTED):
        for item in (project.rubric or [])[:2]:
            RubricScore.objects.get_or_create(
                application=application,
                criterion=item["criterion"],
                defaults={"score": 4 if status == S.SHORTLISTED else 2, "scored_by": actor},
            )
    return application


def _owner(project: Project) -> Any:
    membership = project.organization.memberships.select_related("user").order_by("created_at").first()
    return membership.user if membership else None


def load_applications(users: dict[str, User]) -> None:

    now = timezone.now()
    projects = list(
        Project.objects.filter(
            status=ProjectStatus.OPEN, visibility=Visibility.PUBLIC, application_deadline__gt=now
        ).order_by("created_at")
    )
    sam = User.objects.filter(email=SAM).first()
    if not projects or sam is None:
        logger.info("demo applications: no open projects or no demo talent yet; skipped")
        return
    others = list(User.objects.filter(role=Role.TALENT).exclude(pk=sam.pk).order_by("email")[:6])

    for project, status in zip(projects, SAM_PLAN, strict=False):
        application = _application(sam, project, status, actor=_owner(project))
        if application is not None and status == S.SHORTLISTED:
            thread = thread_for_application(application=application)
            owner = _owner(project)
            if owner and not thread.messages.exists():
                Message.objects.create(
                    thread=thread,
                    author=owner,
                    body="Thanks for your application! Could you share an example of a chart you made recently?",
                )
                Message.objects.create(
                    thread=thread,
                    author=sam,
                    body="Of course: my last project compared rents across five cities.\nI added the link to my application.",
                )

    # Other students: a few applications on Sam's projects, and one hire with its engagement.
    for i, talent in enumerate(others):
        project = projects[i % len(projects)]
        _application(talent, project, S.SUBMITTED, actor=_owner(project))
    if others and len(projects) > len(SAM_PLAN):
        hired_project = projects[len(SAM_PLAN)]
        if not Application.objects.filter(project=hired_project, status=S.HIRED).exists():
            hire = _application(others[0], hired_project, S.HIRED, actor=_owner(hired_project))
            if hire is not None:
                engagement_create_for_hire(application=hire, actor=others[0])
    # Sam's own hire: the engagements step takes it through submission, approval, payment and
    # reviews, so the demo talent has a finished engagement and earnings to show.
    # A late project (closing it once the work is done shifts none of the above) in a category
    # that keeps another open project.
    per_category = Counter(p.category_id for p in projects)
    late = [p for p in projects[len(SAM_PLAN) + len(others) + 1 :] if per_category[p.category_id] > 1]
    if late and not Application.objects.filter(talent=sam, status=S.HIRED).exists():
        sam_project = late[-1]
        if not Application.objects.filter(project=sam_project, status=S.HIRED).exists():
            sam_hire = _application(sam, sam_project, S.HIRED, actor=_owner(sam_project))
            if sam_hire is not None:
                engagement_create_for_hire(application=sam_hire, actor=sam)


STEPS.append(load_applications)
