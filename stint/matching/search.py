"""One small search interface over open public projects, with two engines chosen by the database.

``project_search(q=…, filters=…, sort=…, page=…, page_size=…) -> SearchResult``

Cost is bounded. With a query, the engine first selects at most ``STINT_SEARCH_MAX_CANDIDATES``
(default 1000) documents, best-ranked first, with the LIMIT inside the full-text query (SQLite
FTS5 ``bm25`` with column weights, or PostgreSQL ``ts_rank_cd`` on a weighted tsvector under a GIN
index and a ``SET LOCAL statement_timeout``). Filters, facets, sorting and pagination then run on
those few rows only. Without a query, filters run in SQL on indexed columns of the document table.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import uuid
from collections import Counter
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from stint.core.errors import ApplicationError, ValidationFailed
from stint.core.money import minor_by_currency
from stint.core.schemas import MAX_FILTER_VALUES
from stint.matching.indexing import is_postgres
from stint.matching.models import ProjectSearchDocument
from stint.matching.text import fts5_match_expression, query_terms, tsquery_expression
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project, ProjectSkill
from stint.skills.models import Category

SORTS = ("best", "newest", "closing", "rate")
SORT_LABELS = {
    "best": "Best match",
    "newest": "Newest",
    "closing": "Closing soon",
    "rate": "Highest hourly rate",
}
# (key, label, min hours, max hours)
HOURS_BUCKETS = (
    ("up-to-10", "Up to 10 hours", 0, 10),
    ("11-20", "11 to 20 hours", 11, 20),
    ("21-40", "21 to 40 hours", 21, 40),
)
# FTS5 bm25 column weights, in column order: title, summary, description, skills_text, organization_name.
FTS5_WEIGHTS = (10.0, 4.0, 1.0, 4.0, 2.0)
# ts_rank_cd weights for D, C, B, A (description, organization, summary+skills, title).
PG_WEIGHTS = "{0.1, 0.4, 0.4, 1.0}"


class SearchTimeout(ApplicationError):
    code = "search_timeout"
    status = 503
    title = "The search took too long"


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
    # Amounts typed in currency units ("26" = $26.00 / €26.00 / ¥26), compared per currency.
    min_rate_units: Decimal | None = None
    min_pay_units: Decimal | None = None
    # Only these projects ("fits my free hours": the planner's capacity check), or None.
    project_ids: tuple[Any, ...] | None = None


@dataclasses.dataclass
class SearchResult:
    ids_in_order: list[Any]  # project ids of the requested page, in order
    count: int
    facets: dict[str, list[dict[str, Any]]]
    capped: bool = False  # True when the query matched more candidates than were ranked


def max_candidates() -> int:
    return settings.STINT_SEARCH_MAX_CANDIDATES


def tz_overlap_minutes() -> int:
    return settings.STINT_SEARCH_TZ_OVERLAP_HOURS * 60


def listed_documents() -> Any:
    """Documents listed as open, public and taking applications, by the document's own columns
    (kept current by the indexing cycle: on-commit signals plus the one-minute sweep). Counts and
    facets read these; the rows of a page are re-checked against the live project (``_still_listed``)."""
    return ProjectSearchDocument.objects.filter(
        status=ProjectStatus.OPEN, visibility=Visibility.PUBLIC, application_deadline__gt=timezone.now()
    )


# Extra rows fetched for a page, so that a project closed since it was indexed can be dropped from
# the page without leaving it short.
PAGE_SLACK = 10


def _still_listed(project_ids: list[Any], page_size: int) -> list[uuid.UUID]:
    """The first ``page_size`` of ``project_ids`` whose project is open and public right now (one query)."""
    ids = [_uuid(i) for i in project_ids]
    live = set(
        Project.objects.filter(pk__in=ids, status=ProjectStatus.OPEN, visibility=Visibility.PUBLIC).values_list(
            "pk", flat=True
        )
    )
    return [i for i in ids if i in live][:page_size]


def _per_currency(column: str, units: Decimal, currency: str | None) -> Q:
    """``column ≥ units`` in each project's own currency (no exchange rates)."""
    q = Q()
    for cur, minor in minor_by_currency(units, [currency] if currency else None).items():
        q |= Q(currency=cur, **{f"{column}__gte": minor})
    return q


def _common_q(f: SearchFilters) -> Q:
    """Every filter except category and hours (those are faceted, so applied separately)."""
    q = Q()
    if f.skills:
        q &= Q(project_id__in=ProjectSkill.objects.filter(skill_id__in=list(f.skills)).values("project_id"))
    if f.min_fee is not None:
        q &= Q(fee_minor__gte=f.min_fee)
    if f.max_fee is not None:
        q &= Q(fee_minor__lte=f.max_fee)
    if f.min_hourly_rate is not None:
        q &= Q(hourly_rate_minor__gte=f.min_hourly_rate)
    if f.min_rate_units is not None:
        q &= _per_currency("hourly_rate_minor", f.min_rate_units, f.currency)
    if f.min_pay_units is not None:
        q &= _per_currency("fee_minor", f.min_pay_units, f.currency)
    if f.project_ids is not None:
        q &= Q(project_id__in=list(f.project_ids))
    if f.currency:
        q &= Q(currency=f.currency)
    if f.due_before is not None:
        q &= Q(due_date__lte=f.due_before)
    if f.verified_only:
        q &= Q(verified=True)
    if f.utc_offset_minutes is not None:
        # Organizations without a known time zone match every searcher (see docs/search.md).
        window = tz_overlap_minutes()
        q &= Q(utc_offset_minutes__isnull=True) | Q(
            utc_offset_minutes__gte=f.utc_offset_minutes - window,
            utc_offset_minutes__lte=f.utc_offset_minutes + window,
        )
    if f.published_after is not None:
        q &= Q(published_at__gt=f.published_after)
    return q


def _hours_ok(hours: int, f: SearchFilters) -> bool:
    return (f.min_hours is None or hours >= f.min_hours) and (f.max_hours is None or hours <= f.max_hours)


def _hours_q(f: SearchFilters) -> Q:
    q = Q()
    if f.min_hours is not None:
        q &= Q(estimated_hours__gte=f.min_hours)
    if f.max_hours is not None:
        q &= Q(estimated_hours__lte=f.max_hours)
    return q


# --- Engines: candidate selection -------------------------------------------------------------------

# The candidate set ``c`` of each engine: the ``limit`` most recently indexed matching documents
# (largest ids first), taken from the full-text index *without* ranking them. FTS5 returns rowids
# in descending order straight from its doclists; PostgreSQL walks the primary key backwards and
# checks ``@@`` (common words) or sorts the few GIN matches (rare words), whichever its statistics
# say is cheaper. Only these rows are then ranked, filtered and joined, so a word found in 70% of
# projects costs about as much as a rare one.
_FTS5_CANDIDATES = (
    "SELECT rowid AS rid, bm25(matching_projectfts, {weights}) AS score FROM matching_projectfts "
    "WHERE matching_projectfts MATCH %s ORDER BY rowid DESC LIMIT %s"
)
_PG_CANDIDATES = (
    "SELECT d.id AS rid, d.search_vector FROM matching_projectsearchdocument d "
    "WHERE d.search_vector @@ to_tsquery('simple', %s) ORDER BY d.id DESC LIMIT %s"
)


def _filtered_rows_sql(f: SearchFilters) -> tuple[str, tuple[Any, ...]]:
    """The listed documents passing every filter except category and hours (``_ROW_FIELDS``), as SQL
    to join with the candidates."""
    queryset = listed_documents().filter(_common_q(f)).values_list(*_ROW_FIELDS)
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _row_columns() -> str:
    """``_ROW_FIELDS`` of the joined rows, timestamps as text (ISO 8601 in UTC on both engines, which
    sorts correctly): as timestamps they would go through Django's per-value converters, which cost
    more than the whole statement for 1000 rows (10 ms on SQLite, 6 ms on PostgreSQL)."""
    return ", ".join(
        f"CAST(q.{name} AS TEXT)" if name in ("published_at", "application_deadline") else f"q.{name}"
        for name in _ROW_FIELDS
    )


def text_rows(terms: list[str], f: SearchFilters, limit: int) -> tuple[list[tuple[Any, ...]], int]:
    """One statement: the candidates of ``terms`` that pass the filters (``_ROW_FIELDS`` + score,
    higher is better) and how many candidates there were (at most ``limit``)."""
    rows_sql, rows_params = _filtered_rows_sql(f)
    if is_postgres():
        sql = (
            f"WITH c AS MATERIALIZED ({_PG_CANDIDATES}) "  # noqa: S608 (constants and ORM-compiled SQL)
            f"SELECT {_row_columns()}, ts_rank_cd(%s::float4[], c.search_vector, to_tsquery('simple', %s), 0), "
            "(SELECT count(*) FROM c) "
            f"FROM c INNER JOIN ({rows_sql}) q ON q.id = c.rid"
        )
        expression = tsquery_expression(terms)
        params: tuple[Any, ...] = (expression, limit, PG_WEIGHTS, expression, *rows_params)
        timeout_ms = settings.STINT_SEARCH_STATEMENT_TIMEOUT_MS
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {timeout_ms}")
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        except DatabaseError as exc:
            if "statement timeout" in str(exc) or "canceling statement" in str(exc):
                raise SearchTimeout("The search took too long; add words or filters.") from exc
            raise
        return [(*row[:-2], float(row[-2])) for row in rows], (rows[0][-1] if rows else _pg_count(terms, limit))
    weights = ", ".join(str(w) for w in FTS5_WEIGHTS)
    sql = (
        f"WITH c AS MATERIALIZED ({_FTS5_CANDIDATES.format(weights=weights)}) "  # noqa: S608 (as above)
        f"SELECT {_row_columns()}, c.score, (SELECT count(*) FROM c) "
        f"FROM c INNER JOIN ({rows_sql}) q ON q.id = c.rid"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (fts5_match_expression(terms), limit, *rows_params))
        rows = cursor.fetchall()
    # bm25 is "lower is better"; flip it so that every engine returns "higher is better".
    return [(*row[:-2], -float(row[-2])) for row in rows], (rows[0][-1] if rows else _fts5_count(terms, limit))


def _fts5_count(terms: list[str], limit: int) -> int:
    sql = "SELECT count(*) FROM (SELECT rowid FROM matching_projectfts WHERE matching_projectfts MATCH %s LIMIT %s)"
    with connection.cursor() as cursor:
        cursor.execute(sql, (fts5_match_expression(terms), limit))
        return int(cursor.fetchone()[0])


def _pg_count(terms: list[str], limit: int) -> int:
    sql = (
        "SELECT count(*) FROM (SELECT 1 FROM matching_projectsearchdocument d "
        "WHERE d.search_vector @@ to_tsquery('simple', %s) LIMIT %s) m"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (tsquery_expression(terms), limit))
        return int(cursor.fetchone()[0])


def text_candidates(terms: list[str], limit: int) -> list[tuple[int, float]]:
    """``[(document id, score)]``, best first, at most ``limit``; higher score is better.

    The candidates as ranked, before any filter or live-status check (used by diagnostics and
    tests; searches use ``text_rows``)."""
    if is_postgres():
        sql = (
            f"WITH c AS MATERIALIZED ({_PG_CANDIDATES}) "  # noqa: S608 (constants)
            "SELECT c.rid, ts_rank_cd(%s::float4[], c.search_vector, to_tsquery('simple', %s), 0) FROM c"
        )
        expression = tsquery_expression(terms)
        params: tuple[Any, ...] = (expression, limit, PG_WEIGHTS, expression)
        sign = 1.0
    else:
        weights = ", ".join(str(w) for w in FTS5_WEIGHTS)
        sql = _FTS5_CANDIDATES.format(weights=weights)
        params = (fts5_match_expression(terms), limit)
        sign = -1.0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        scored = [(row[0], sign * float(row[1])) for row in cursor.fetchall()]
    scored.sort(key=lambda r: (r[1], r[0]), reverse=True)
    return scored


# --- The interface -------------------------------------------------------------------------------------


def _category_names(slugs: list[str]) -> dict[str, str]:
    return dict(Category.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _facets(category_counts: Counter[str], hours_counts: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    names = _category_names(list(category_counts))
    categories = [
        {"slug": slug, "name": names.get(slug, slug), "count": count}
        for slug, count in sorted(category_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    hours = [
        {"key": key, "label": label, "min_hours": lo, "max_hours": hi, "count": hours_counts.get(key, 0)}
        for key, label, lo, hi in HOURS_BUCKETS
    ]
    return {"category": categories, "hours": hours}


def _bucket(hours: int) -> str:
    for key, _, lo, hi in HOURS_BUCKETS:
        if lo <= hours <= hi:
            return key
    return HOURS_BUCKETS[-1][0]


def project_search(*, q: str, filters: SearchFilters, sort: str, page: int, page_size: int) -> SearchResult:
    """Search open public projects. ``sort`` is one of ``SORTS`` ("best" means newest without a query).

    Facets: category counts ignore the category filter, hours-bucket counts ignore the hours filter
    (so every option shows how many results choosing it would give); all other filters apply.
    """
    if len(filters.skills) > MAX_FILTER_VALUES:
        # The forms refuse more; this keeps every caller's filter one bounded ``IN``.
        raise ValidationFailed(f"Filter by at most {MAX_FILTER_VALUES} skills.", code="too_many_values")
    sort = sort if sort in SORTS else "best"
    page = max(1, page)
    page_size = max(1, min(page_size, 100))
    terms = query_terms(q or "")
    if terms:
        return _search_text(terms, filters, sort, page, page_size)
    return _search_browse(filters, "newest" if sort == "best" else sort, page, page_size)


_ROW_FIELDS = (
    "id",
    "project_id",
    "category_slug",
    "estimated_hours",
    "published_at",
    "application_deadline",
    "hourly_rate_minor",
)


def _search_text(terms: list[str], f: SearchFilters, sort: str, page: int, page_size: int) -> SearchResult:
    limit = max_candidates()
    rows, candidates = text_rows(terms, f, limit)
    if not rows:
        return SearchResult(ids_in_order=[], count=0, facets=_facets(Counter(), {}), capped=candidates >= limit)
    category_counts: Counter[str] = Counter()
    hours_counts: Counter[str] = Counter()
    results = []
    for row in rows:
        _, _, category, hours, *_ = row
        hours_ok = _hours_ok(hours, f)
        category_ok = not f.category or category == f.category
        if hours_ok:
            category_counts[category] += 1
        if category_ok:
            hours_counts[_bucket(hours)] += 1
        if hours_ok and category_ok:
            results.append(row)
    # Timestamps are ISO text in UTC (see ``_row_columns``), which sorts correctly. A missing
    # published_at sorts as oldest.
    if sort == "best":
        # Score (last column), then newest, then id: all descending.
        results.sort(key=lambda r: (r[-1], r[4] is not None, r[4] or "", r[0]), reverse=True)
    elif sort == "newest":
        results.sort(key=lambda r: ((r[4] is not None, r[4] or ""), r[0]), reverse=True)
    elif sort == "closing":
        results.sort(key=lambda r: r[0], reverse=True)
        results.sort(key=lambda r: r[5])
    else:
        results.sort(key=lambda r: (r[6], r[0]), reverse=True)
    start = (page - 1) * page_size
    return SearchResult(
        ids_in_order=_still_listed([r[1] for r in results[start : start + page_size + PAGE_SLACK]], page_size),
        count=len(results),
        facets=_facets(category_counts, dict(hours_counts)),
        capped=candidates >= limit,
    )


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


_ORDERING = {
    "newest": ("-published_at", "-id"),
    "closing": ("application_deadline", "-id"),
    "rate": ("-hourly_rate_minor", "-id"),
}


def _browse_counts(f: SearchFilters) -> tuple[int, Counter[str], dict[str, int]]:
    """Total, category facet and hours facet of a browse (no query). These read the document
    table alone (its denormalised status, kept current by the indexing cycle) and are cached for
    ``STINT_SEARCH_FACET_CACHE_SECONDS`` (default 60), because counting every open project is the
    one part of a browse whose cost grows with the catalogue."""
    ttl = settings.STINT_SEARCH_FACET_CACHE_SECONDS
    key = "matching:browse:" + hashlib.sha256(repr(f).encode()).hexdigest()
    if ttl:
        cached = cache.get(key)
        if cached is not None:
            return cached
    base = listed_documents().filter(_common_q(f))
    category_q = Q(category_slug=f.category) if f.category else Q()
    category_counts: Counter[str] = Counter(
        dict(base.filter(_hours_q(f)).values("category_slug").annotate(n=Count("id")).values_list("category_slug", "n"))
    )
    bucket_aggregates = {
        key: Count("id", filter=Q(estimated_hours__gte=lo, estimated_hours__lte=hi)) for key, _, lo, hi in HOURS_BUCKETS
    }
    hours_counts = base.filter(category_q).aggregate(**bucket_aggregates)
    # The category facet already counts the results (it has every filter but the category's).
    count = category_counts.get(f.category, 0) if f.category else sum(category_counts.values())
    value = (count, category_counts, hours_counts)
    if ttl:
        cache.set(key, value, ttl)
    return value


def _search_browse(f: SearchFilters, sort: str, page: int, page_size: int) -> SearchResult:
    count, category_counts, hours_counts = _browse_counts(f)
    category_q = Q(category_slug=f.category) if f.category else Q()
    # Order and slice on the document table alone (its indexes serve the sort), then re-check the
    # live status of just those rows: a project closed since it was indexed is dropped from the page.
    docs = listed_documents().filter(_common_q(f), category_q, _hours_q(f))
    start = (page - 1) * page_size
    ids = list(
        docs.order_by(*_ORDERING[sort]).values_list("project_id", flat=True)[start : start + page_size + PAGE_SLACK]
    )
    return SearchResult(
        ids_in_order=_still_listed(ids, page_size), count=count, facets=_facets(category_counts, hours_counts)
    )
