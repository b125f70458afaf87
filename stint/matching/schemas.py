from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import Field

from stint.core.api import MoneySchema
from stint.currencies.schemas import ApproximateMoneySchema
from stint.projects.schemas import approximate_fee


class SearchOrganizationOut(Schema):
    id: UUID
    name: str
    verified: bool


class SearchCategoryOut(Schema):
    slug: str
    name: str


class SearchProjectOut(Schema):
    id: UUID
    title: str
    summary: str
    organization: SearchOrganizationOut
    category: SearchCategoryOut
    fee: MoneySchema
    hourly_rate: MoneySchema
    estimated_hours: int
    due_date: datetime.date
    application_deadline: datetime.datetime
    published_at: datetime.datetime | None
    external_id: str | None
    approximate_fee: ApproximateMoneySchema | None = Field(
        None,
        description="The fee in the caller's comparison currency (`User.currency`, or `rate_currency`, else "
        "`STINT_DEFAULT_CURRENCY`) at the staff-maintained exchange rates, dated: approximate, for comparison "
        "only. Null when the currencies are the same or a rate is missing.",
    )


class CategoryFacetOut(Schema):
    slug: str
    name: str
    count: int


class HoursFacetOut(Schema):
    key: str
    label: str
    min_hours: int
    max_hours: int
    count: int


class FacetsOut(Schema):
    category: list[CategoryFacetOut]
    hours: list[HoursFacetOut]


class SearchPageOut(Schema):
    items: list[SearchProjectOut]
    count: int
    facets: FacetsOut


class SavedSearchIn(Schema):
    name: str
    frequency: str = "weekly"
    params: dict[str, Any] = {}


class SavedSearchOut(Schema):
    id: UUID
    name: str
    frequency: str
    params: dict[str, Any]
    last_sent_at: datetime.datetime
    created_at: datetime.datetime


def project_item(project: Any, comparison_currency: str | None = None) -> dict[str, Any]:
    org = project.organization
    return {
        "id": project.pk,
        "title": project.title,
        "summary": project.summary,
        "organization": {"id": org.pk, "name": org.name, "verified": org.verified_at is not None},
        "category": {"slug": project.category.slug, "name": project.category.name},
        "fee": {"amount_minor": project.fee_minor, "currency": project.currency},
        "hourly_rate": {"amount_minor": project.hourly_rate_minor, "currency": project.currency},
        "estimated_hours": project.estimated_hours,
        "due_date": project.due_date,
        "application_deadline": project.application_deadline,
        "published_at": project.published_at,
        "external_id": project.external_id,
        "approximate_fee": approximate_fee(project, comparison_currency),
    }
