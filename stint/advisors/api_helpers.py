"""Lookups and renderings shared by the network's endpoints and HTML views."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from stint.accounts.models import User
from stint.advisors import selectors
from stint.advisors.dashboard import CohortFigures, StudentRow
from stint.advisors.models import Cohort, CohortMember, Institution, Nomination, ProjectShare, Referral
from stint.core.errors import NotFound, ValidationFailed
from stint.projects.models import Project
from stint.projects.selectors import project_get_by_secret, project_get_for_viewer


def resolve_project(user: Any, *, project_id: Any = None, secret: str | None = None) -> tuple[Project, bool]:
    """The project to share, by id (if ``user`` may see it) or by its secret link's token."""
    if secret:
        token = secret.rstrip("/").rsplit("/", 1)[-1]
        return project_get_by_secret(user, token), True
    if project_id:
        return project_get_for_viewer(user, project_id), False
    raise ValidationFailed(
        _("Name the project by id or by its secret link."),
        code="project_required",
        errors=[{"field": "project_id", "message": _("Required.")}],
    )


def resolve_talent(talent_id: Any) -> Any:
    user = User.objects.filter(pk=talent_id, role="talent").first() if talent_id else None
    if user is None:
        raise NotFound(_("This student is not in your cohorts."), code="student_not_found")
    return user


def resolve_cohort(cohort_id: Any) -> Cohort | None:
    if not cohort_id:
        return None
    cohort = Cohort.objects.select_related("institution").filter(pk=cohort_id).first()
    if cohort is None:
        raise NotFound(_("Cohort not found."), code="cohort_not_found")
    return cohort


def institution_out(institution: Institution) -> dict[str, Any]:
    return {
        "id": institution.pk,
        "name": institution.name,
        "slug": institution.slug,
        "kind": institution.kind,
        "website": institution.website,
        "verified": institution.is_verified,
    }


def invite_path(cohort: Cohort) -> str:
    return f"/advisors/join/{cohort.invite_code}/"


def cohort_out(cohort: Cohort, user: Any) -> dict[str, Any]:
    mine = cohort.owner_id == getattr(user, "pk", None)
    return {
        "id": cohort.pk,
        "name": cohort.name,
        "description": cohort.description,
        "institution": institution_out(cohort.institution),
        "advisor": cohort.owner.name or cohort.owner.email,
        "invite_code": cohort.invite_code if mine else None,
        "invite_url": invite_path(cohort) if mine else None,
        "members": cohort.members.count() if mine else None,
    }


def membership_out(member: CohortMember, user: Any) -> dict[str, Any]:
    return {
        "cohort": cohort_out(member.cohort, user),
        "share_earnings": member.share_earnings,
        "share_resume": member.share_resume,
        "joined_at": member.created_at,
    }


def student_out(row: StudentRow) -> dict[str, Any]:
    return {
        "talent_id": row.talent_id,
        "name": row.name,
        "active": row.active,
        "applications": row.applications,
        "offers": row.offers,
        "completions": row.completions,
        "hours": row.hours,
        "earnings": row.earnings,
        "skills": row.skills,
        "organizations": row.organizations,
        "needs_help": row.needs_help,
        "profile_id": row.profile_id,
    }


def dashboard_out(cohort: Cohort, figures: CohortFigures) -> dict[str, Any]:
    return {
        "cohort_id": cohort.pk,
        "students": figures.students,
        "active": figures.active,
        "applications": figures.applications,
        "offers": figures.offers,
        "completions": figures.completions,
        "hours": figures.hours,
        "earnings": figures.earnings,
        "earnings_shared_by": figures.earnings_shared_by,
        "skills": figures.skills,
        "organizations": figures.organizations,
        "needs_help": figures.needs_help,
        "rows": [student_out(r) for r in figures.rows],
    }


def share_out(share: ProjectShare) -> dict[str, Any]:
    return {
        "id": share.pk,
        "project_id": share.project_id,
        "cohort_id": share.cohort_id,
        "institution_id": share.institution_id,
        "talent_id": share.talent_id,
        "note": share.note,
        "created_at": share.created_at,
    }


def shared_project_out(project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "title": project.title,
        "summary": project.summary,
        "organization": project.organization.name,
        "visibility": project.visibility,
        "application_deadline": project.application_deadline,
        "url": f"/projects/{project.pk}/",
    }


def nomination_out(nomination: Nomination) -> dict[str, Any]:
    institution = nomination.cohort.institution
    return {
        "id": nomination.pk,
        "project_id": nomination.project_id,
        "project_title": nomination.project.title,
        "talent_id": nomination.talent_id,
        "talent_name": nomination.talent.name or nomination.talent.email,
        "advisor": nomination.advisor.name or nomination.advisor.email,
        "institution": institution.name,
        "institution_verified": institution.is_verified,
        "note": nomination.note,
        "status": nomination.status,
        "created_at": nomination.created_at,
    }


def referral_out(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "talent_id": referral.talent_id,
        "talent_name": referral.talent.name or referral.talent.email,
        "referee_id": referral.referee_id,
        "referee_name": referral.referee.name or referral.referee.email,
        "relation": referral.relation,
        "context": referral.context,
        "message": referral.message,
        "status": referral.status,
        "text": referral.text,
        "answered_at": referral.answered_at,
        "referee_allows_portfolio": referral.referee_allows_portfolio,
        "show_on_portfolio": referral.show_on_portfolio,
    }


__all__ = ["selectors"]
