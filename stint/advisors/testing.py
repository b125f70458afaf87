"""Test helpers: an institution with its advisor, a cohort with members."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from stint.advisors.models import Cohort, CohortMember, Institution, InstitutionStaff
from stint.advisors.services import new_invite_code


def institution_for(advisor: Any, *, name: str = "Lakeside University", verified: bool = True) -> Institution:
    slug = name.lower().replace(" ", "-")
    institution, _ = Institution.objects.get_or_create(
        slug=slug, defaults={"name": name, "verified_at": timezone.now() if verified else None}
    )
    InstitutionStaff.objects.get_or_create(institution=institution, user=advisor)
    return institution


def cohort_for(
    advisor: Any, *members: Any, name: str = "Class of 2027", institution: Institution | None = None
) -> Cohort:
    institution = institution or institution_for(advisor)
    cohort = Cohort.objects.create(institution=institution, owner=advisor, name=name, invite_code=new_invite_code())
    for talent in members:
        CohortMember.objects.create(cohort=cohort, talent=talent)
    return cohort
