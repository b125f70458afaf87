"""``GET /api/v1/projects``: the project list, answered by the search engine (the one listing
engine of ``/projects/``, ``/search/`` and this endpoint: one definition of "listed", one sort
vocabulary). Only a member asking for their own organization (``?organization=<mine>``) is answered
by the projects selector, with that organization's projects in every status. It sits in matching
(above projects) because it calls the search engine; its path, operation id and tag are the ones it
had in the projects router."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from stint.core.api import MAX_PAGE, MAX_PAGE_SIZE, Page, ProblemSchema, paginate
from stint.core.schemas import MAX_FILTER_VALUES, AmountFilter, FilterValues, HoursFilter
from stint.currencies.selectors import viewer_currency
from stint.matching.forms import check_rate_currency
from stint.matching.search_cache import cached_api_result
from stint.matching.services import search_projects_page
from stint.organizations.selectors import user_is_member
from stint.projects import selectors as project_selectors
from stint.projects.endpoints import OPTIONAL_AUTH
from stint.projects.schemas import ProjectListItem, list_item

router = Router()

# The member view's selector keeps the projects app's names for the same sorts.
MEMBER_SORTS = {
    "closing": "closing_soon",
    "closing_soon": "closing_soon",
    "rate": "hourly_rate",
    "hourly_rate": "hourly_rate",
}


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
        description="Minimum effective hourly rate in UNITS of `rate_currency` (26 with USD = $26.00; JPY takes no "
        "decimals), compared with every project's own rate through the staff-maintained exchange rates "
        "(approximate; a project whose currency has no rate is kept): what /projects/ and /search/ send",
    )
    rate_currency: str = Field(
        "",
        max_length=10,
        description="The currency of `min_rate` (default: the `currency` filter, else the caller's "
        "`User.currency`, else `STINT_DEFAULT_CURRENCY`) and of each item's `approximate_fee`. "
        "Unknown code: 422 `invalid_currency` (problem+json).",
    )
    due_before: datetime.date | None = None
    verified_only: bool = False
    organization: uuid.UUID | None = Field(
        None, description="One organization; its members see its projects in every status"
    )
    currency: str = Field("", max_length=3)
    timezone: str = Field(
        "",
        max_length=64,
        description="An IANA time zone: only organizations whose working hours overlap it (as on /search/)",
    )
    fits_free_hours: bool = Field(
        False, description="Only projects that fit the signed-in talent's free hours (the planner's capacity check)"
    )
    language: str = Field(
        "", max_length=8, description="Only projects in this language (ISO 639-1 code, e.g. en, es, de, pt)"
    )
    fits_working_hours: bool = Field(
        False,
        description="Only projects whose stated working-hours overlap the signed-in talent's working hours meet "
        "(projects that state none are kept); 422 for anyone else or without working hours set",
    )
    sort: str = Field(
        "",
        pattern="^(|best|newest|closing|closing_soon|rate|hourly_rate)$",
        description="best (default; newest without q), newest, closing (alias closing_soon), rate (alias "
        "hourly_rate): the sort vocabulary of /search/ and GET /search/projects",
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _search(request: HttpRequest, query: ProjectListQuery) -> dict[str, Any]:
    """``GET /projects`` through the one search interface (``stint.matching``). Skills: a project
    with every one of them (this endpoint's contract; ``/search/`` matches any)."""
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
        "fits_free_hours": "1" if query.fits_free_hours else "",
        "organization": str(query.organization) if query.organization else "",
        "currency": query.currency,
        "rate_currency": query.rate_currency,
        "timezone": query.timezone,
        "language": query.language,
        "fits_working_hours": "1" if query.fits_working_hours else "",
        "skills_match": "all",
        "sort": query.sort or "best",
        "page": query.page,
        "page_size": query.page_size,
    }
    kept = {k: v for k, v in params.items() if v not in (None, "", [])}
    projects, count, _facets = search_projects_page(params=kept, user=request.user)
    comparison = viewer_currency(request.user, query.rate_currency)
    return {"items": [list_item(p, comparison) for p in projects], "count": count}


@router.get(
    "/projects",
    auth=OPTIONAL_AUTH,
    response={200: Page[ProjectListItem], 422: ProblemSchema},
    tags=["projects"],
    operation_id="stint_projects_endpoints_project_list",
)
def project_list(request: HttpRequest, query: Query[ProjectListQuery]):
    """Listed projects (open, public, application deadline in the future), filtered and sorted
    (`best`, `newest`, `closing`, `rate`), answered by the search engine like `GET /search/projects`
    and the `/projects/` and `/search/` pages (see docs/search.md). With `organization` set to one of
    your organizations, its projects in every status."""
    check_rate_currency(query.rate_currency)  # 422 invalid_currency, whichever path answers
    member_view = query.organization is not None and user_is_member(
        user=request.user, organization_id=query.organization
    )
    if not member_view:
        if query.fits_free_hours or query.fits_working_hours:  # the caller's own: never shared
            return _search(request, query)
        return cached_api_result(request, Page[ProjectListItem], lambda: _search(request, query))
    filters = project_selectors.ProjectFilters(
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
        sort=MEMBER_SORTS.get(query.sort, "newest"),
    )
    qs, _ = project_selectors.project_list_for_viewer(request.user, filters)
    items, count = paginate(qs, query.page, query.page_size)
    comparison = viewer_currency(request.user, query.rate_currency)
    return {"items": [list_item(p, comparison) for p in items], "count": count}
