"""Search API: ``GET /search/projects`` and the caller's saved searches."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from stint.core.api import MAX_PAGE, MAX_PAGE_SIZE, OPTIONAL_AUTH, Page, paginate
from stint.core.schemas import MAX_AMOUNT_MINOR, MAX_FILTER_VALUES
from stint.core.types import AuthedRequest
from stint.currencies.selectors import viewer_currency
from stint.matching import project_list, services
from stint.matching.schemas import SavedSearchIn, SavedSearchOut, SearchPageOut, project_item
from stint.matching.search_cache import cached_api_result
from stint.matching.selectors import saved_search_list_for_user

router = Router(tags=["search"])


def _documented(default: Any, **limits: Any) -> Any:
    """A parameter whose limits the search form enforces (422 ``invalid_search_parameters``, with the
    other search errors); the limits are shown in the OpenAPI document only."""
    return Field(default, json_schema_extra=limits)


class SearchParams(Schema):
    q: str = _documented("", maxLength=200)
    category: str | None = _documented(None, maxLength=60)
    skills: str | None = Field(
        None,
        description=f"Comma-separated skill ids or slugs; at most {MAX_FILTER_VALUES}",
        json_schema_extra={"maxLength": 2000},
    )
    min_hours: int | None = _documented(None, minimum=0, maximum=40)
    max_hours: int | None = _documented(None, minimum=0, maximum=40)
    hours: str | None = Field(None, description="A bucket key: up-to-10, 11-20, 21-40")
    min_fee: int | None = _documented(None, minimum=0, maximum=MAX_AMOUNT_MINOR)
    max_fee: int | None = _documented(None, minimum=0, maximum=MAX_AMOUNT_MINOR)
    min_hourly_rate: int | None = _documented(None, minimum=0, maximum=MAX_AMOUNT_MINOR)
    min_rate: Decimal | None = Field(
        None,
        description="Minimum pay per hour in UNITS of `rate_currency` (26 with USD = $26.00; ¥ amounts take no "
        "decimals), compared with every project's own rate through the exchange rates (approximate); "
        "`min_hourly_rate` is a per-currency filter in minor units without conversion",
        json_schema_extra={"minimum": 0, "maximum": 1_000_000},
    )
    min_pay: Decimal | None = Field(
        None,
        description="Minimum total fee in UNITS of `rate_currency`, converted like `min_rate`; `min_fee` is in "
        "minor units without conversion",
        json_schema_extra={"minimum": 0, "maximum": 10_000_000},
    )
    fits_free_hours: bool = Field(
        False, description="Only projects that fit the signed-in talent's free hours (the planner's capacity check)"
    )
    currency: str | None = _documented(None, maxLength=3)
    rate_currency: str | None = Field(
        None,
        description="The currency `min_rate` and `min_pay` are typed in (default: the `currency` filter, else the "
        "caller's `User.currency`, else `STINT_DEFAULT_CURRENCY`); projects in other currencies are compared "
        "through the staff-maintained exchange rates (approximate; a project whose currency has no rate is kept). "
        "Also the currency of each item's `approximate_fee`. Unknown code: 422 `invalid_currency`.",
        json_schema_extra={"maxLength": 10},
    )
    due_before: datetime.date | None = None
    timezone: str | None = _documented(None, maxLength=64)
    language: str | None = Field(
        None, max_length=8, description="Only projects in this language (ISO 639-1 code, e.g. en, es, de, pt)"
    )
    fits_working_hours: bool = Field(
        False,
        description="Only projects whose stated working-hours overlap the signed-in talent's working hours meet "
        "(projects that state none are kept); 422 for anyone else or without working hours set",
    )
    verified_only: bool = False
    sort: str = "best"
    page: int = _documented(1, minimum=1, maximum=MAX_PAGE)
    page_size: int = _documented(20, minimum=1, maximum=MAX_PAGE_SIZE)


@router.get("/search/projects", auth=OPTIONAL_AUTH, response=SearchPageOut, summary="Search open projects")
def search_projects(request: HttpRequest, params: Query[SearchParams]) -> Any:
    """Full-text search over open public projects (title, summary, description, skills and their
    synonyms, organization) with filters, sorts (`best`, `newest`, `closing`, `rate`) and facet
    counts per category and per hours bucket. `skills` is a comma-separated list of skill ids or
    slugs (or repeat the parameter); `min_fee`, `max_fee` and `min_hourly_rate` are minor units,
    `min_rate` and `min_pay` are currency units (what the search page sends). A query ranks at most
    `STINT_SEARCH_MAX_CANDIDATES` best matches."""
    raw: dict[str, Any] = {k: v for k, v in params.dict().items() if v not in (None, "")}
    if "skills" in request.GET:
        raw["skills"] = ",".join(request.GET.getlist("skills"))
    raw["verified_only"] = "on" if params.verified_only else ""
    raw["fits_free_hours"] = "on" if params.fits_free_hours else ""
    raw["fits_working_hours"] = "on" if params.fits_working_hours else ""

    def compute() -> dict[str, Any]:
        projects, count, facets = services.search_projects_page(params=raw, user=request.user)
        comparison = viewer_currency(request.user, params.rate_currency)
        items = [project_item(p, comparison) for p in projects]
        return {"items": items, "count": count, "facets": facets}

    # The same answer for every caller, except "fits my free hours" / "fits my working hours" (the caller's own).
    personal = params.fits_free_hours or params.fits_working_hours
    return compute() if personal else cached_api_result(request, SearchPageOut, compute)


@router.get("/me/saved-searches", response=Page[SavedSearchOut], summary="List my saved searches")
def list_saved_searches(request: AuthedRequest, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    """The caller's saved searches, newest first."""
    items, count = paginate(saved_search_list_for_user(user=request.user), page, page_size)
    return {"items": items, "count": count}


@router.post("/me/saved-searches", response={201: SavedSearchOut}, summary="Save a search")
def create_saved_search(request: AuthedRequest, payload: SavedSearchIn) -> Any:
    """Save a search (`params` are the search parameters of `GET /search/projects`) with a `daily`
    or `weekly` email digest of newly published matching projects."""
    saved = services.saved_search_create(
        user=request.user, name=payload.name, params=payload.params, frequency=payload.frequency
    )
    return Status(201, saved)


@router.delete("/me/saved-searches/{saved_search_id}", response={204: None}, summary="Delete a saved search")
def delete_saved_search(request: AuthedRequest, saved_search_id: UUID) -> Any:
    """Delete one of the caller's saved searches; anyone else's is a 404."""
    services.saved_search_delete(user=request.user, saved_search_id=saved_search_id)
    return Status(204, None)


# GET /projects (the project list through the search engine) keeps its path and operation id.
router.add_router("", project_list.router)
