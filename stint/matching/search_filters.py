"""What "listed" means for the search engine, and the filters of a search as SQL.

``listed_documents()`` is the one definition of a listed project (``stint.projects.selectors.listed_q``:
open, public, application deadline in the future) applied to the document table; every surface
(``/projects/``, ``/search/``, ``GET /api/v1/projects``, ``GET /api/v1/search/projects``, digests)
lists through it.
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from stint.core.money import exponent_of, minor_by_currency, to_minor
from stint.core.timezones import WorkWindow, get_zone, overlap_minutes
from stint.currencies.selectors import current_rates, thresholds
from stint.matching.models import ProjectSearchDocument
from stint.projects.models import Project, ProjectSkill
from stint.projects.selectors import listed_q


@dataclasses.dataclass(frozen=True)
class SearchFilters:
    category: str | None = None
    skills: tuple[Any, ...] = ()
    min_hours: int | None = None
    max_hours: int | None = None
    min_fee: int | None = None
    max_fee: int | None = None
    min_hourly_rate: int | None = None
    currency: str | None = None
    due_before: datetime.date | None = None
    verified_only: bool = False
    utc_offset_minutes: int | None = None  # the searcher's time zone offset, for overlap
    published_after: datetime.datetime | None = None  # saved-search digests
    # Amounts typed in units of ``rate_currency`` ("26" with USD = $26.00), compared with each
    # project's own currency through the rates table (approximate; docs/currencies.md). Without
    # ``rate_currency`` the amount means the same number of units in every currency (the old
    # per-currency meaning, kept for callers that give neither a currency nor a viewer).
    min_rate_units: Decimal | None = None
    min_pay_units: Decimal | None = None
    rate_currency: str | None = None
    # Only these projects ("fits my free hours": the planner's capacity check), or None.
    project_ids: tuple[Any, ...] | None = None
    # One organization's listed projects (``GET /projects?organization=`` for a non-member).
    # One organization's listed projects (``GET /api/v1/projects?organization=`` for a non-member).
    organization_id: uuid.UUID | None = None
    # ``skills``: a project with ANY of them (the search page) or with ALL of them (``GET /projects``).
    skills_all: bool = False
    # The project's language (ISO 639-1), or None for every language.
    language: str | None = None
    # "Fits my working hours": the signed-in talent's working hours; a project that states an overlap
    # need is kept when these hours overlap its window by at least that much (``overlap_minutes``).
    working_hours: WorkWindow | None = None


def max_candidates() -> int:
    return settings.STINT_SEARCH_MAX_CANDIDATES


def tz_overlap_minutes() -> int:
    return settings.STINT_SEARCH_TZ_OVERLAP_HOURS * 60


def listed_documents() -> QuerySet[ProjectSearchDocument]:
    """Documents of listed projects (``listed_q``), by the document's own columns (kept current by
    the indexing cycle: on-commit signals plus the one-minute sweep; the deadline is compared at
    query time). Counts and facets read these; the rows of a page are re-checked against the live
    project (``still_listed``)."""
    return ProjectSearchDocument.objects.filter(listed_q())


# What a result (a card on /projects/ and /search/, an item of the API lists) shows: nothing else is
# loaded (no description, rubric, questions…), and nothing is loaded per row.
CARD_FIELDS = (
    "id",
    "external_id",
    "title",
    "summary",
    "estimated_hours",
    "fee_minor",
    "currency",
    "openings",
    "visibility",
    "status",
    "application_deadline",
    "start_date",
    "due_date",
    "time_zone",
    "language",
    "overlap_hours",
    "overlap_start",
    "overlap_end",
    "published_at",
    "organization__id",
    "organization__name",
    "organization__slug",
    "organization__verified_at",
    "category__id",
    "category__slug",
    "category__name",
)


def listed_projects(project_ids: list[Any], page_size: int) -> list[Project]:
    """The first ``page_size`` of ``project_ids``, in that order, whose project is listed right now,
    loaded with what a card shows: ONE query, which is also the live check (a project closed since
    it was indexed, or since a listing was cached, is dropped here)."""
    ids = [as_uuid(i) for i in project_ids]
    if not ids:
        return []
    rows = (
        Project.objects.select_related("organization", "category")
        .only(*CARD_FIELDS)
        .filter(listed_q(), pk__in=ids)
        .order_by()
    )
    by_id = {p.pk: p for p in rows}
    return [by_id[i] for i in ids if i in by_id][:page_size]


def as_uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _per_currency(column: str, units: Decimal, currency: str | None) -> Q:
    """``column ≥ units`` in each project's own currency (no exchange rates)."""
    q = Q()
    for cur, minor in minor_by_currency(units, [currency] if currency else None).items():
        q |= Q(currency=cur, **{f"{column}__gte": minor})
    return q


def _converted(column: str, units: Decimal, rate_currency: str) -> Q:
    """``column ≥ units of rate_currency`` for projects in any currency, through the rates table:
    the amount is converted ONCE into each currency that has a rate (at most one term per supported
    currency, so the cost is bounded and the same SQL runs on SQLite and PostgreSQL), and compared
    with the project's own stored amount. Projects in a currency without a rate are KEPT (they
    cannot be compared; a missing rate must not hide a company's project; their cards show no
    "≈"): docs/currencies.md, "Filtering by rate"."""
    limits = thresholds(to_minor(units, rate_currency), rate_currency)
    q = Q()
    for cur, minor in limits.items():
        q |= Q(currency=cur, **{f"{column}__gte": minor})
    return q | ~Q(currency__in=list(limits))


def usd_factors() -> dict[str, float]:
    """For sorting by rate across currencies: what one minor unit of each rated currency is worth
    in US cents (approximate; from the rates table)."""
    return {
        c: (10 ** (2 - exponent_of(c))) * 1_000_000 / r.per_usd_micro
        for c, r in current_rates().items()
        if r.per_usd_micro > 0
    }


def _with_skills(skills: tuple[Any, ...], *, every: bool) -> QuerySet[Any, Any]:
    """Ids of projects with any (or every) one of ``skills``, as ONE subquery whatever their number
    (a join per skill made the planner's work grow exponentially: issue 9)."""
    rows = ProjectSkill.objects.filter(skill_id__in=list(skills))
    if not every:
        return rows.values("project_id")
    wanted = len({str(s) for s in skills})
    return rows.values("project_id").annotate(n=Count("skill_id", distinct=True)).filter(n=wanted).values("project_id")


def _money_q(f: SearchFilters) -> Q:
    q = Q()
    if f.min_fee is not None:
        q &= Q(fee_minor__gte=f.min_fee)
    if f.max_fee is not None:
        q &= Q(fee_minor__lte=f.max_fee)
    if f.min_hourly_rate is not None:
        q &= Q(hourly_rate_minor__gte=f.min_hourly_rate)
    if f.min_rate_units is not None:
        if f.rate_currency:
            q &= _converted("hourly_rate_minor", f.min_rate_units, f.rate_currency)
        else:
            q &= _per_currency("hourly_rate_minor", f.min_rate_units, f.currency)
    if f.min_pay_units is not None:
        if f.rate_currency:
            q &= _converted("fee_minor", f.min_pay_units, f.rate_currency)
        else:
            q &= _per_currency("fee_minor", f.min_pay_units, f.currency)
    if f.currency:
        q &= Q(currency=f.currency)
    return q


def common_q(f: SearchFilters) -> Q:
    """Every filter except category and hours (those are faceted, so applied separately)."""
    q = _money_q(f)
    if f.skills:
        q &= Q(project_id__in=_with_skills(f.skills, every=f.skills_all))
    if f.project_ids is not None:
        q &= Q(project_id__in=list(f.project_ids))
    if f.organization_id is not None:
        q &= Q(organization_id=f.organization_id)
    if f.due_before is not None:
        q &= Q(due_date__lte=f.due_before)
    if f.verified_only:
        q &= Q(verified=True)
    if f.utc_offset_minutes is not None:
        # Projects that state no working-hours overlap match every searcher (see docs/search.md).
        window = tz_overlap_minutes()
        q &= Q(overlap_minutes__isnull=True) | Q(
            utc_offset_minutes__gte=f.utc_offset_minutes - window,
            utc_offset_minutes__lte=f.utc_offset_minutes + window,
        )
    if f.language:
        q &= Q(language=f.language)
    if f.working_hours is not None:
        q &= fits_working_hours_q(f.working_hours)
    if f.published_after is not None:
        q &= Q(published_at__gt=f.published_after)
    return q


# Beyond this many distinct overlap windows among listed projects, the filter keeps them all rather
# than build an unbounded condition (there are a handful in practice: companies pick round hours).
MAX_OVERLAP_WINDOWS = 500


def fits_working_hours_q(talent: WorkWindow, on: datetime.date | None = None) -> Q:
    """Documents whose project states no overlap, or whose overlap need (``overlap_minutes`` inside
    ``overlap_start``–``overlap_end`` in its zone) the talent's hours meet on ``on`` (today in the
    talent's zone). One query reads the distinct windows; the overlap itself is computed in Python by
    the DST-correct ``stint.core.timezones.overlap_minutes``."""
    day = on or timezone.localtime(timezone.now(), get_zone(talent.zone)).date()
    windows = list(
        listed_documents()
        .filter(overlap_minutes__isnull=False)
        .values_list("timezone", "overlap_start", "overlap_end", "overlap_minutes")
        .distinct()[: MAX_OVERLAP_WINDOWS + 1]
    )
    q = Q(overlap_minutes__isnull=True)
    if len(windows) > MAX_OVERLAP_WINDOWS:
        return Q()
    for zone, start, end, needed in windows:
        if start is None or end is None or needed is None:
            continue
        if overlap_minutes(WorkWindow(start, end, zone or "UTC"), talent, day) >= needed:
            q |= Q(timezone=zone, overlap_start=start, overlap_end=end, overlap_minutes=needed)
    return q


def hours_ok(hours: int, f: SearchFilters) -> bool:
    return (f.min_hours is None or hours >= f.min_hours) and (f.max_hours is None or hours <= f.max_hours)


def hours_q(f: SearchFilters) -> Q:
    q = Q()
    if f.min_hours is not None:
        q &= Q(estimated_hours__gte=f.min_hours)
    if f.max_hours is not None:
        q &= Q(estimated_hours__lte=f.max_hours)
    return q
