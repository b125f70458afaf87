"""Reads of the network, scoped to the actor. Outside the actor's scope everything is a 404."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from stint.advisors.choices import NominationStatus, RefereeRelation, ReferralStatus
from stint.advisors.models import (
    Cohort,
    CohortMember,
    Institution,
    InstitutionStaff,
    Nomination,
    ProjectShare,
    Referral,
)
from stint.core.errors import NotFound
from stint.core.types import Actor, User
from stint.engagements.choices import APPROVED_STATUSES
from stint.engagements.models import Engagement
from stint.organizations.models import Membership
from stint.projects.choices import ProjectStatus
from stint.projects.models import Project


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None


def _authenticated(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_advisor(user: Actor) -> bool:
    return _authenticated(user) and getattr(user, "role", None) == "advisor"


def is_talent(user: Actor) -> bool:
    return _authenticated(user) and getattr(user, "role", None) == "talent"


# --- Institutions ----------------------------------------------------------------------------------


def institution_roles(*, user: User) -> QuerySet[InstitutionStaff]:
    if not _authenticated(user):
        return InstitutionStaff.objects.none()
    return InstitutionStaff.objects.filter(user=user).select_related("institution").order_by("institution__name")


def institution_get_for_staff(*, user: User, institution_id: Any) -> Institution:
    """An institution ``user`` works at; 404 otherwise."""
    pk = _uuid(institution_id)
    role = institution_roles(user=user).filter(institution_id=pk).first() if pk else None
    if role is None:
        raise NotFound(_("Institution not found."), code="institution_not_found")
    return role.institution


def institution_get(*, institution_id: Any) -> Institution:
    pk = _uuid(institution_id)
    institution = Institution.objects.filter(pk=pk).first() if pk else None
    if institution is None:
        raise NotFound(_("Institution not found."), code="institution_not_found")
    return institution


def institution_list_verified() -> QuerySet[Institution]:
    return Institution.objects.filter(verified_at__isnull=False).order_by("name")


def institution_list_unverified() -> QuerySet[Institution]:
    return Institution.objects.filter(verified_at__isnull=True).order_by("created_at")


# --- Cohorts ---------------------------------------------------------------------------------------


def _cohorts() -> QuerySet[Cohort]:
    return Cohort.objects.select_related("institution", "owner")


def cohort_list_for_advisor(*, user: User) -> QuerySet[Cohort]:
    if not is_advisor(user):
        return Cohort.objects.none()
    return _cohorts().filter(owner=user).order_by("name")


def cohort_list_for_talent(*, user: User) -> QuerySet[CohortMember]:
    if not _authenticated(user):
        return CohortMember.objects.none()
    return CohortMember.objects.filter(talent=user).select_related("cohort__institution", "cohort__owner")


def cohort_get_for_advisor(*, user: User, cohort_id: Any) -> Cohort:
    """A cohort ``user`` runs; 404 for anyone else (another cohort's advisor included)."""
    pk = _uuid(cohort_id)
    cohort = _cohorts().filter(pk=pk, owner=user).first() if pk and is_advisor(user) else None
    if cohort is None:
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    return cohort


def cohort_get_for_viewer(*, user: User, cohort_id: Any) -> tuple[Cohort, CohortMember | None]:
    """A cohort its advisor or one of its members may open (the member row for members); 404 else."""
    pk = _uuid(cohort_id)
    if pk is None or not _authenticated(user):
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    cohort = _cohorts().filter(pk=pk).first()
    if cohort is None:
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    if cohort.owner_id == user.pk:
        return cohort, None
    member = CohortMember.objects.filter(cohort=cohort, talent=user).first()
    if member is None:
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    return cohort, member


def cohort_get_by_code(*, code: str) -> Cohort:
    cohort = _cohorts().filter(invite_code=(code or "").strip()).first() if code else None
    if cohort is None:
        raise NotFound(_("No cohort has this invite code."), code="cohort_not_found")
    return cohort


def cohort_members(*, cohort: Cohort) -> QuerySet[CohortMember]:
    return CohortMember.objects.filter(cohort=cohort).select_related("talent").order_by("talent__name", "pk")


def cohort_member_get(*, cohort: Cohort, talent_id: Any) -> CohortMember:
    pk = _uuid(talent_id)
    member = CohortMember.objects.filter(cohort=cohort, talent_id=pk).select_related("talent").first() if pk else None
    if member is None:
        raise NotFound(_("This student is not in the cohort."), code="student_not_found")
    return member


# --- Shared projects -------------------------------------------------------------------------------


def _open() -> QuerySet[Project]:
    return Project.objects.filter(status=ProjectStatus.OPEN).select_related("organization")


def cohort_shared_projects(*, cohort: Cohort) -> QuerySet[Project]:
    """Open projects shared with the cohort or offered to its institution."""
    ids = ProjectShare.objects.filter(Q(cohort=cohort) | Q(institution_id=cohort.institution_id)).values("project_id")
    return _open().filter(pk__in=ids).order_by("application_deadline")


def shared_projects_for_talent(*, user: Actor) -> QuerySet[Project]:
    """Open projects shared with ``user`` by name, through their cohorts or their institutions."""
    if not is_talent(user):
        return Project.objects.none()
    ids = ProjectShare.objects.filter(
        Q(talent=user) | Q(cohort__members__talent=user) | Q(institution__cohorts__members__talent=user)
    ).values("project_id")
    return _open().filter(pk__in=ids).order_by("application_deadline")


def share_list_for_cohort(*, cohort: Cohort) -> QuerySet[ProjectShare]:
    return (
        ProjectShare.objects.filter(Q(cohort=cohort) | Q(talent__cohort_memberships__cohort=cohort))
        .select_related("project", "talent", "cohort")
        .distinct()
    )


def share_get_for_actor(*, user: User, share_id: Any) -> ProjectShare:
    """A share its author, or a member of the project's organization, may withdraw; 404 else."""
    pk = _uuid(share_id)
    share = ProjectShare.objects.select_related("project").filter(pk=pk).first() if pk else None
    if share is None or not _authenticated(user):
        raise NotFound(_("Share not found."), code="share_not_found")
    is_member = Membership.objects.filter(user=user, organization_id=share.project.organization_id).exists()
    if share.shared_by_id != user.pk and not is_member:
        raise NotFound(_("Share not found."), code="share_not_found")
    return share


# --- Nominations -----------------------------------------------------------------------------------


def nominations_for_talent(*, user: User) -> QuerySet[Nomination]:
    if not _authenticated(user):
        return Nomination.objects.none()
    return Nomination.objects.filter(talent=user).select_related("project__organization", "advisor", "cohort")


def nomination_get_for_talent(*, user: User, nomination_id: Any) -> Nomination:
    pk = _uuid(nomination_id)
    nomination = nominations_for_talent(user=user).filter(pk=pk).first() if pk else None
    if nomination is None:
        raise NotFound(_("Nomination not found."), code="nomination_not_found")
    return nomination


def nominations_for_cohort(*, cohort: Cohort) -> QuerySet[Nomination]:
    return Nomination.objects.filter(cohort=cohort).select_related("project", "talent")


def nomination_for_application(*, project_id: Any, talent_id: Any) -> Nomination | None:
    """The standing nomination behind an application (none once the student declined it)."""
    return (
        Nomination.objects.filter(project_id=project_id, talent_id=talent_id, status=NominationStatus.NOMINATED)
        .select_related("advisor", "cohort__institution")
        .first()
    )


def nominations_for_project(*, project: Project) -> QuerySet[Nomination]:
    return Nomination.objects.filter(project=project, status=NominationStatus.NOMINATED).select_related(
        "advisor", "talent", "cohort__institution"
    )


# --- Referrals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Referee:
    user: User
    relation: str
    context: str


def eligible_referees(*, talent: User) -> list[Referee]:
    """Who ``talent`` may ask for a reference: the advisors of their cohorts, and the members of the
    organizations whose project they completed (approved or paid)."""
    found: dict[Any, Referee] = {}
    for member in cohort_list_for_talent(user=talent):
        owner = member.cohort.owner
        found.setdefault(owner.pk, Referee(owner, RefereeRelation.ADVISOR, str(member.cohort)))
    engagements = Engagement.objects.filter(talent=talent, status__in=APPROVED_STATUSES).select_related(
        "project__organization"
    )
    for engagement in engagements:
        for membership in Membership.objects.filter(organization_id=engagement.project.organization_id).select_related(
            "user"
        ):
            found.setdefault(
                membership.user.pk,
                Referee(membership.user, RefereeRelation.SUPERVISOR, f"{engagement.project.title}"),
            )
    return [r for r in found.values() if r.user.pk != getattr(talent, "pk", None)]


def referrals_for_talent(*, user: User) -> QuerySet[Referral]:
    return Referral.objects.filter(talent=user).select_related("referee")


def referrals_for_referee(*, user: User) -> QuerySet[Referral]:
    if not _authenticated(user):
        return Referral.objects.none()
    return Referral.objects.filter(referee=user).select_related("talent")


def referral_get_for_referee(*, user: User, referral_id: Any) -> Referral:
    pk = _uuid(referral_id)
    referral = referrals_for_referee(user=user).filter(pk=pk).first() if pk else None
    if referral is None:
        raise NotFound(_("Reference request not found."), code="referral_not_found")
    return referral


def referrals_given_for(*, talent_id: Any) -> QuerySet[Referral]:
    """Given references of a talent, as companies see them with an application."""
    return Referral.objects.filter(talent_id=talent_id, status=ReferralStatus.GIVEN).select_related("referee")
