from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from stint.core.api import AUTH, MAX_PAGE, MAX_PAGE_SIZE, Page, ProblemSchema, paginate
from stint.core.errors import NotFound
from stint.core.idempotency import idempotent
from stint.core.schemas import MAX_FILTER_VALUES, AmountFilter, FilterValues, HoursFilter
from stint.organizations.models import Organization
from stint.projects import selectors, services
from stint.projects.schemas import (
    InvitationIn,
    InvitationOut,
    ProjectIn,
    ProjectListItem,
    ProjectOut,
    ProjectPatchIn,
    ReasonIn,
    detail,
    list_item,
    payload_to_data,
)

router = Router(tags=["projects"])


def _anonymous_allowed(request: HttpRequest) -> Any:
    """Last in the auth list of public endpoints: lets anonymous readers through, after the bearer
    token and the session had their chance to identify the caller."""
    return True


OPTIONAL_AUTH = [*AUTH, _anonymous_allowed]
ERRORS = {401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema}


def _out(request: HttpRequest, project: Any) -> dict[str, Any]:
    return detail(project, is_member=selectors.project_viewer_is_member(request.user, project))


@router.post("/organizations/{organization_id}/projects", response={201: ProjectOut, **ERRORS})
def project_create(request: HttpRequest, organization_id: uuid.UUID, payload: ProjectIn):  # type: ignore[no-untyped-def]
    """Create a draft project for one of your organizations. Every rule is checked: a broken one
    is `422` with its `code` (e.g. `fee_below_minimum_rate`, `hours_out_of_range`) and `errors[]`
    lists them all."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise NotFound("Organization not found.")
    project = services.project_create(request.user, organization, payload_to_data(payload, partial=False))
    project = selectors.project_get_for_member(request.user, project.pk)
    return Status(201, _out(request, project))


@router.patch("/projects/{project_id}", response={200: ProjectOut, **ERRORS})
def project_update(request: HttpRequest, project_id: uuid.UUID, payload: ProjectPatchIn):  # type: ignore[no-untyped-def]
    """Change a draft (send only the fields to change). A project waiting for review goes back to
    draft; an open, closed or cancelled one is `409 project_not_editable`."""
    project = selectors.project_get_for_member(request.user, project_id)
    services.project_update(request.user, project, payload_to_data(payload, partial=True))
    return _out(request, selectors.project_get_for_member(request.user, project_id))


def _publish(request: HttpRequest, project_id: uuid.UUID) -> dict[str, Any]:
    project = selectors.project_get_for_member(request.user, project_id)
    services.project_publish(request.user, project)
    return _out(request, selectors.project_get_for_member(request.user, project_id))


@router.post("/projects/{project_id}/publish", response={200: ProjectOut, **ERRORS})
@idempotent(scope="projects.publish", schema=ProjectOut)
def project_publish(request: HttpRequest, project_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """Publish a draft: `open` at once for a verified organization, `pending_review` (staff
    moderation) otherwise. Accepts an `Idempotency-Key`; a replay returns the first response."""
    return _publish(request, project_id)


@router.post("/projects/{project_id}/close", response={200: ProjectOut, **ERRORS})
def project_close(request: HttpRequest, project_id: uuid.UUID, payload: ReasonIn):  # type: ignore[no-untyped-def]
    """Close an open project to new applications; every applicant still waiting is told why."""
    project = selectors.project_get_for_member(request.user, project_id)
    services.project_close(request.user, project, payload.reason)
    return _out(request, selectors.project_get_for_member(request.user, project_id))


@router.post("/projects/{project_id}/cancel", response={200: ProjectOut, **ERRORS})
def project_cancel(request: HttpRequest, project_id: uuid.UUID, payload: ReasonIn):  # type: ignore[no-untyped-def]
    """Cancel a project (draft, waiting for review or open); every applicant is told why."""
    project = selectors.project_get_for_member(request.user, project_id)
    services.project_cancel(request.user, project, payload.reason)
    return _out(request, selectors.project_get_for_member(request.user, project_id))


@router.post("/projects/{project_id}/invitations", response={201: InvitationOut, **ERRORS})
def project_invite(request: HttpRequest, project_id: uuid.UUID, payload: InvitationIn):  # type: ignore[no-untyped-def]
    """Invite someone by email address to an invite-only (or unlisted) project.

    Always `201` with the same body, whether or not the address belongs to a talent account, so
    the answer reveals nothing about who is registered; inviting an address again returns the same
    invitation. The talent account that has verified the address sees the project and is notified,
    now or when it confirms the address later."""
    project = selectors.project_get_for_member(request.user, project_id)
    invitation = services.project_invite(actor=request.user, project=project, talent_email=payload.talent_email)
    return Status(
        201,
        {
            "id": invitation.pk,
            "project_id": project.pk,
            "email": invitation.email,
            "created_at": invitation.created_at,
        },
    )


class ProjectListQuery(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Full-text query over title, summary, description, skills (and synonyms) and organization; "
        "answered by the search engine (SQLite FTS5 or PostgreSQL full text), best match first",
    )
    category: str = Field("", max_length=120, description="Category slug")
    skills: FilterValues = Field(
        default_factory=list, description=f"Skill ids or slugs (all must match); at most {MAX_FILTER_VALUES}"
    )
    min_fee: AmountFilter | None = Field(None, description="Minimum fee, minor units")
    max_hours: HoursFilter | None = None
    min_hourly_rate: AmountFilter | None = Field(None, description="Minimum effective hourly rate, minor units")
    min_rate: Decimal | None = Field(
        None,
        ge=0,
        le=1_000_000,
        description="Minimum effective hourly rate in currency UNITS (26 = $26.00 for USD projects, ¥26 for JPY "
        "ones), compared in each project's own currency: what /projects/ and /search/ send",
    )
    due_before: datetime.date | None = None
    verified_only: bool = False
    organization: uuid.UUID | None = Field(
        None, description="One organization; its members see its projects in every status"
    )
    currency: str = Field("", max_length=3)
    timezone: str = Field(
        "", max_length=64, description="Accepted for the contract; not used yet (projects are remote)"
    )
    sort: str = Field(
        "",
        pattern="^(|best|newest|closing_soon|hourly_rate)$",
        description="best (default with q), newest (default without q), closing_soon, hourly_rate",
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


SEARCH_SORTS = {"": "best", "best": "best", "newest": "newest", "closing_soon": "closing", "hourly_rate": "rate"}


def _search(query: ProjectListQuery) -> dict[str, Any]:
    """``GET /projects?q=…`` through the one search interface (``stint.matching``)."""
    from stint.matching.services import search_projects_page

    params: dict[str, Any] = {
        "q": query.q,
        "category": query.category,
        "skills": [s for item in query.skills for s in item.split(",") if s.strip()],
        "min_fee": query.min_fee,
        "max_hours": query.max_hours,
        "min_hourly_rate": query.min_hourly_rate,
        "min_rate": query.min_rate,
        "due_before": query.due_before.isoformat() if query.due_before else "",
        "verified_only": "1" if query.verified_only else "",
        "currency": query.currency,
        "timezone": query.timezone,
        "sort": SEARCH_SORTS[query.sort],
        "page": query.page,
        "page_size": query.page_size,
    }
    projects, count, _facets = search_projects_page({k: v for k, v in params.items() if v not in (None, "", [])})
    return {"items": [list_item(p) for p in projects], "count": count}


@router.get("/projects", auth=OPTIONAL_AUTH, response={200: Page[ProjectListItem], 422: ProblemSchema})
def project_list(request: HttpRequest, query: Query[ProjectListQuery]):  # type: ignore[no-untyped-def]
    """Open public projects, filtered and sorted (`best`, `newest`, `closing_soon`, `hourly_rate`). With
    `q`, the full-text search engine answers (see docs/search.md). With `organization` set to one of
    your organizations, its projects in every status."""
    if query.q.strip() and query.organization is None:
        return _search(query)
    filters = selectors.ProjectFilters(
        q=query.q,
        category=query.category,
        skills=[s for item in query.skills for s in item.split(",") if s.strip()],
        min_fee=query.min_fee,
        max_hours=query.max_hours,
        min_hourly_rate=query.min_hourly_rate,
        min_rate_units=query.min_rate,
        due_before=query.due_before,
        verified_only=query.verified_only,
        organization=query.organization,
        currency=query.currency,
        sort=query.sort or "newest",
    )
    qs, _ = selectors.project_list_for_viewer(request.user, filters)
    items, count = paginate(qs, query.page, query.page_size)
    return {"items": [list_item(p) for p in items], "count": count}


@router.get("/projects/{project_id}", auth=OPTIONAL_AUTH, response={200: ProjectOut, 404: ProblemSchema})
def project_get(request: HttpRequest, project_id: uuid.UUID):  # type: ignore[no-untyped-def]
    """A project you may see, with its organization's reliability figures and whether its funds
    are secured."""
    return _out(request, selectors.project_get_for_viewer(request.user, project_id))
