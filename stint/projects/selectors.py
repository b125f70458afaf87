"""Reads of projects, scoped to the viewer. A project the viewer may not see is a 404.

Who sees what (docs/projects.md, "Visibility"):

* members of the project's organization: every project of their organization, in any status;
* staff: every project that has been submitted (for moderation), not drafts of others;
* public projects that are open or closed: everyone (listed and searchable when open);
* unlisted: through the secret link (``project_get_by_secret``), and invited talent by id;
* invite-only: invited talent (``ProjectInvitation``).

The rule itself is ``stint.projects.access.project_access``; these selectors only fetch and ask it.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from stint.core.errors import NotFound, ValidationFailed
from stint.core.money import minor_by_currency
from stint.core.schemas import MAX_FILTER_VALUES
from stint.core.transitions import actions_open
from stint.core.types import Actor
from stint.organizations.selectors import user_is_member
from stint.projects.access import Access, project_access
from stint.projects.choices import ACTIONS, ENDED_STATUSES, ProjectStatus, Visibility
from stint.projects.models import Project, ProjectSkill
from stint.skills.models import Skill

SORTS = ("newest", "closing_soon", "hourly_rate")


def _base() -> QuerySet[Project]:
    return Project.objects.select_related("organization", "category")


def _with_skills(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.prefetch_related("project_skills__skill")


def _as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None


def _not_found() -> NotFound:
    return NotFound(gettext("Project not found."), code="project_not_found")


def project_viewer_is_member(user: Actor, project: Project) -> bool:
    return project_access(project=project, user=user) is Access.MANAGE


def project_get_for_viewer(user: Actor, project_id: Any) -> Project:
    """The project if ``user`` (possibly anonymous) may see it by its id; NotFound otherwise.
    Unlisted projects are reachable by id only for members, staff and invited talent; everyone
    else needs the secret link (``project_get_by_secret``)."""
    pk = _as_uuid(project_id)
    project = _with_skills(_base()).filter(pk=pk).first() if pk else None
    if project is None or project_access(project=project, user=user) is Access.NONE:
        raise _not_found()
    return project


def project_get_by_secret(user: Actor, token: str) -> Project:
    """An unlisted (or any visible) project by its secret link."""
    project = _with_skills(_base()).filter(secret_token=token).first() if token else None
    if project is None or project_access(project=project, user=user, secret=token) is Access.NONE:
        raise _not_found()
    return project


def project_get_for_member(user: Actor, project_id: Any) -> Project:
    """A project of one of ``user``'s organizations, in any status (for editing and managing)."""
    pk = _as_uuid(project_id)
    project = _with_skills(_base()).filter(pk=pk).first() if pk else None
    if project is None or project_access(project=project, user=user) is not Access.MANAGE:
        raise _not_found()
    return project


def project_get_for_staff(user: Actor, project_id: Any) -> Project:
    pk = _as_uuid(project_id)
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_platform_staff", False)) or pk is None:
        raise _not_found()
    project = _with_skills(_base()).filter(pk=pk).first()
    if project is None:
        raise _not_found()
    return project


@dataclass
class ProjectFilters:
    q: str = ""
    category: str = ""
    skills: list[str] = field(default_factory=list)
    min_fee: int | None = None
    max_hours: int | None = None
    min_hourly_rate: int | None = None
    # The same filter typed in currency units (26 = $26.00 for USD projects, ¥26 for JPY ones).
    min_rate_units: Decimal | None = None
    due_before: datetime.date | None = None
    verified_only: bool = False
    organization: Any = None
    currency: str = ""
    sort: str = "newest"


def _apply_filters(qs: QuerySet[Project], f: ProjectFilters) -> QuerySet[Project]:
    if f.q.strip():
        # Simple for now; the matching issue replaces this with full-text search.
        term = f.q.strip()
        qs = qs.filter(Q(title__icontains=term) | Q(summary__icontains=term))
    if f.category:
        qs = qs.filter(category__slug=f.category)
    if f.skills:
        qs = qs.filter(pk__in=_with_every_skill(f.skills))
    if f.min_fee is not None:
        qs = qs.filter(fee_minor__gte=f.min_fee)
    if f.max_hours is not None:
        qs = qs.filter(estimated_hours__lte=f.max_hours)
    if f.min_hourly_rate is not None:
        # fee ÷ hours ≥ rate  ⇔  fee ≥ rate × hours (exact, in integers)
        qs = qs.filter(fee_minor__gte=F("estimated_hours") * f.min_hourly_rate)
    if f.min_rate_units is not None:
        per_currency = Q()
        currencies = [f.currency.upper()] if f.currency else None
        for cur, minor in minor_by_currency(f.min_rate_units, currencies).items():
            per_currency |= Q(currency=cur, fee_minor__gte=F("estimated_hours") * minor)
        qs = qs.filter(per_currency)
    if f.due_before is not None:
        qs = qs.filter(due_date__lte=f.due_before)
    if f.verified_only:
        qs = qs.filter(organization__verified_at__isnull=False)
    if f.currency:
        qs = qs.filter(currency=f.currency.upper())
    return qs


def _with_every_skill(skills: list[str]) -> QuerySet[Any, Any]:
    """The ids of projects having every one of ``skills`` (ids or slugs), as one subquery.

    One ``IN (… GROUP BY project HAVING count = n)`` whatever the number of skills: a join per skill
    made the planner's work grow exponentially (30 skills took 8 s to plan). At most
    ``MAX_FILTER_VALUES`` skills; more is ``too_many_values``. A value naming the same skill twice (its
    id and its slug) counts once."""
    if len(skills) > MAX_FILTER_VALUES:
        raise ValidationFailed(
            gettext("Filter by at most %(count)s skills.") % {"count": MAX_FILTER_VALUES},
            code="too_many_values",
            errors=[
                {"field": "skills", "message": gettext("At most %(count)s values.") % {"count": MAX_FILTER_VALUES}}
            ],
        )
    ids = {i for i in (_as_uuid(s) for s in skills) if i is not None}
    slugs = {s for s in skills if _as_uuid(s) is None}
    wanted = Q(skill_id__in=ids) | Q(skill__slug__in=slugs)
    found = Skill.objects.filter(Q(pk__in=ids) | Q(slug__in=slugs)).values_list("pk", "slug")
    # Every value must name a known skill; the count of distinct skills to match is then exact.
    named = {str(pk) for pk, _ in found} | {slug for _, slug in found}
    if any(str(i) not in named for i in ids) or any(s not in named for s in slugs):
        return ProjectSkill.objects.none()
    return (
        ProjectSkill.objects.filter(wanted)
        .values("project_id")
        .annotate(matched=Count("skill_id", distinct=True))
        .filter(matched=len(found))
        .values("project_id")
    )


def _apply_sort(qs: QuerySet[Project], sort: str) -> QuerySet[Project]:
    if sort == "closing_soon":
        return qs.order_by("application_deadline", "-published_at", "pk")
    if sort == "hourly_rate":
        return qs.annotate(rate=F("fee_minor") / F("estimated_hours")).order_by("-rate", "-published_at", "pk")
    return qs.order_by(F("published_at").desc(nulls_last=True), "-created_at", "pk")


def listed_q(now: datetime.datetime | None = None) -> Q:
    """THE definition of a listed project: open, public and still taking applications (its
    application deadline is in the future). The search documents carry the same three columns, so
    this one ``Q`` filters projects (``Project``) and documents (``ProjectSearchDocument``) alike:
    ``/projects/``, ``/search/``, ``GET /api/v1/projects``, ``GET /api/v1/search/projects``, the
    organization's public page and the saved-search digests all list through it (docs/search.md)."""
    return Q(
        status=ProjectStatus.OPEN,
        visibility=Visibility.PUBLIC,
        application_deadline__gt=now or timezone.now(),
    )


def project_list_public(filters: ProjectFilters | None = None) -> QuerySet[Project]:
    """Listed projects (``listed_q``), filtered and sorted with the projects app's own filters.
    The public pages and the API list through the search engine (``stint.matching``); this
    selector is what a member's "all statuses" view falls back to for non-members."""
    f = filters or ProjectFilters()
    qs = _base().filter(listed_q())
    if f.organization:
        org_id = _as_uuid(f.organization)
        qs = qs.filter(organization_id=org_id) if org_id else qs.none()
    return _apply_sort(_apply_filters(qs, f), f.sort)


def project_list_for_viewer(user: Actor, filters: ProjectFilters | None = None) -> tuple[QuerySet[Project], bool]:
    """The listing as ``user`` sees it. With ``organization`` set to one of the user's
    organizations, every project of it in any status (the second value is then True)."""
    f = filters or ProjectFilters()
    org_id = _as_uuid(f.organization) if f.organization else None
    if org_id and user_is_member(user=user, organization_id=org_id):
        qs = _base().filter(organization_id=org_id)
        return _apply_sort(_apply_filters(qs, f), f.sort), True
    return project_list_public(f), False


def project_list_for_member(user: Actor) -> QuerySet[Project]:
    """Every project of every organization ``user`` belongs to."""
    if not user.is_authenticated:
        return Project.objects.none()
    return _base().filter(organization__memberships__user=user).order_by("-created_at")


def project_moderation_queue() -> QuerySet[Project]:
    return _base().filter(status=ProjectStatus.PENDING_REVIEW).order_by("updated_at")


def project_list_open_public_for_organization(*, organization: Any, limit: int = 20) -> list[Project]:
    """The organization's listed projects (``listed_q``), newest first (its public page)."""
    return list(
        Project.objects.filter(listed_q(), organization=organization).order_by("-published_at", "-created_at")[:limit]
    )


def project_allowed_actions(*, project: Project, user: Actor, secret: str = "") -> list[str]:
    """The actions ``user`` may take on ``project`` now (``project_access`` says which side they
    are on): a member from ``ACTIONS`` in choices.py (``edit``, ``publish``, ``close``, ``cancel``)
    plus ``invite`` while a non-public project has not ended; staff ``approve`` and
    ``return-to-draft`` on a project waiting for review; a talent ``apply`` while it takes
    applications. The manage page and the API's ``allowed_actions`` both come from here."""
    access = project_access(project=project, user=user, secret=secret)
    if access is Access.MANAGE:
        actions = actions_open(ACTIONS, status=project.status, side="company")
        if project.visibility != Visibility.PUBLIC and project.status not in ENDED_STATUSES:
            actions.append("invite")
        return actions
    if access is Access.READ and getattr(user, "is_platform_staff", False):
        return actions_open(ACTIONS, status=project.status, side="staff")
    if (
        access is Access.APPLY
        and project.status == ProjectStatus.OPEN
        and project.application_deadline > timezone.now()
    ):
        return ["apply"]
    return []
