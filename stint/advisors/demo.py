"""Demo data of the network: Lakeside University (verified) with Dr. Priya Nair, a career advisor
running two cohorts, and Prof. Daniel Reyes, who shares Northwind's unlisted project with his
seminar; two nominations, a given reference, and Sam sharing earnings with one cohort.

Idempotent: everything is looked up by a natural key (slugs, invite codes, emails) first."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from stint.accounts.choices import Role
from stint.accounts.demo import ensure_user
from stint.accounts.models import User
from stint.advisors.choices import NominationStatus, RefereeRelation, ReferralStatus, StaffTitle
from stint.advisors.models import (
    Cohort,
    CohortMember,
    Institution,
    InstitutionStaff,
    Nomination,
    ProjectShare,
    Referral,
)
from stint.core.demo import STEPS
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project

logger = logging.getLogger(__name__)

PRIYA = "advisor@university.example"
PROFESSOR = ("prof.reyes@university.example", "Prof. Daniel Reyes")
SAM = "talent@student.example"
# (invite code, name, owner email, member emails, description)
COHORTS = [
    (
        "lakeside-ba-2026",
        "Business Analytics 2026",
        PRIYA,
        [SAM, "amara.okafor@student.example", "jonas.weber@student.example", "mei.lin@student.example"],
        "Final-year business analytics students.",
    ),
    (
        "lakeside-launch",
        "Career Launch Programme",
        PRIYA,
        ["diego.santos@student.example", "priya.shah@student.example", "lucas.martin@student.example"],
        "Recent graduates looking for their first role.",
    ),
    (
        "lakeside-research-seminar",
        "Research Methods Seminar",
        PROFESSOR[0],
        [SAM, "fatima.haddad@student.example"],
        "Prof. Reyes's seminar on applied research.",
    ),
]
# (project external id, talent email, note)
NOMINATIONS = [
    ("demo-1", SAM, "Sam led our class's competitor study and writes crisp summaries."),
    ("demo-2", "amara.okafor@student.example", "Amara did excellent qualitative coding in my course."),
]
UNLISTED_PROJECT = "demo-27"


def _institution() -> Institution:
    institution, _ = Institution.objects.get_or_create(
        slug="lakeside-university",
        defaults={
            "name": "Lakeside University",
            "kind": "university",
            "website": "https://lakeside.example",
            "verified_at": timezone.now(),
        },
    )
    return institution


def load_network(users: dict[str, Any]) -> None:
    priya = users.get(PRIYA) or User.objects.filter(email=PRIYA).first()
    if priya is None:
        return
    professor = ensure_user(PROFESSOR[0], PROFESSOR[1], Role.ADVISOR)
    with transaction.atomic():
        institution = _institution()
        InstitutionStaff.objects.get_or_create(
            institution=institution, user=priya, defaults={"title": StaffTitle.ADVISOR}
        )
        InstitutionStaff.objects.get_or_create(
            institution=institution, user=professor, defaults={"title": StaffTitle.PROFESSOR}
        )
        talents = {u.email: u for u in User.objects.filter(role=Role.TALENT, email__endswith="@student.example")}
        cohorts = _cohorts(institution, {PRIYA: priya, PROFESSOR[0]: professor}, talents)
        projects = {p.external_id: p for p in Project.objects.filter(external_id__startswith="demo-")}
        _share_and_nominate(projects, cohorts, talents, priya=priya, professor=professor)
        if SAM in talents:
            _referral(talents[SAM], priya)


def _cohorts(institution: Institution, owners: dict[str, Any], talents: dict[str, Any]) -> dict[str, Cohort]:
    """The demo cohorts, each with those of its members who exist (Sam shares earnings)."""
    cohorts: dict[str, Cohort] = {}
    for code, name, owner, members, description in COHORTS:
        cohort, _ = Cohort.objects.get_or_create(
            invite_code=code,
            defaults={"institution": institution, "owner": owners[owner], "name": name, "description": description},
        )
        cohorts[code] = cohort
        for email in members:
            if email in talents:
                CohortMember.objects.get_or_create(
                    cohort=cohort, talent=talents[email], defaults={"share_earnings": email == SAM}
                )
    return cohorts


def _share_and_nominate(
    projects: dict[str | None, Project],
    cohorts: dict[str, Cohort],
    talents: dict[str, Any],
    *,
    priya: Any,
    professor: Any,
) -> None:
    """The professor shares the unlisted project with the seminar; Priya nominates two students."""
    unlisted = projects.get(UNLISTED_PROJECT)
    if unlisted is not None and unlisted.status == ProjectStatus.OPEN:
        ProjectShare.objects.get_or_create(
            project=unlisted,
            cohort=cohorts["lakeside-research-seminar"],
            defaults={"shared_by": professor, "note": "A good fit for our mapping unit: ask me if in doubt."},
        )
    for external_id, email, note in NOMINATIONS:
        project = projects.get(external_id)
        if project is None or email not in talents or project.status != ProjectStatus.OPEN:
            continue
        Nomination.objects.get_or_create(
            project=project,
            talent=talents[email],
            defaults={
                "cohort": cohorts["lakeside-ba-2026"],
                "advisor": priya,
                "note": note,
                "status": NominationStatus.NOMINATED,
            },
        )


def _referral(sam: Any, priya: Any) -> None:
    """Sam asked Priya for a reference, and she gave it."""
    Referral.objects.get_or_create(
        talent=sam,
        referee=priya,
        defaults={
            "relation": RefereeRelation.ADVISOR,
            "context": "Business Analytics 2026 (Lakeside University)",
            "message": "Could you write a few lines for my applications?",
            "status": ReferralStatus.GIVEN,
            "text": "Sam is one of the most reliable students I have advised: organised, curious and clear.",
            "answered_at": timezone.now(),
        },
    )


STEPS.append(load_network)
