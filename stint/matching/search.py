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
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, ExpressionWrapper, F, FloatField, Q, Value, When
from django.utils.translation import get_language, gettext, gettext_lazy

from stint.core.errors import ValidationFailed
from stint.core.schemas import MAX_FILTER_VALUES
from stint.matching.search_cache import listing_key, shareable
from stint.matching.search_engines import (
    FTS5_WEIGHTS,
    PG_WEIGHTS,
    SearchTimeout,
    text_candidates,
    text_rows,
)
from stint.matching.search_filters import (
    SearchFilters,
    common_q,
    hours_ok,
    hours_q,
    listed_documents,
    listed_projects,
    max_candidates,
    tz_overlap_minutes,
    usd_factors,
)
from stint.matching.text import query_terms
from stint.skills.models import Category

__all__ = [
    "FTS5_WEIGHTS",
    "HOURS_BUCKETS",
    "PG_WEIGHTS",
    "SORTS",
    "SORT_ALIASES",
    "SORT_LABELS",
    "SearchFilters",
    "SearchResult",
    "SearchTimeout",
    "listed_documents",
    "max_candidates",
    "normalise_sort",
    "project_search",
    "text_candidates",
    "tz_overlap_minutes",
]

# The one sort vocabulary of every listing surface. ``best`` means newest without a query.
SORTS = ("best", "newest", "closing", "rate")
SORT_LABELS = {
    "best": gettext_lazy("Best match"),
    "newest": gettext_lazy("Newest"),
    "closing": gettext_lazy("Closing soon"),
    "rate": gettext_lazy("Highest hourly rate"),
}
# The names ``GET /api/v1/projects`` has always accepted, kept as aliases.
SORT_ALIASES = {"closing_soon": "closing", "hourly_rate": "rate"}
# (key, label, min hours, max hours)
HOURS_BUCKETS = (
    ("up-to-10", gettext_lazy("Up to 10 hours"), 0, 10),
    ("11-20", gettext_lazy("11 to 20 hours"), 11, 20),
    ("21-40", gettext_lazy("21 to 40 hours"), 21, 40),
)
# Extra rows fetched for a page, so that a project closed since it was indexed can be dropped from
# the page without leaving it short.
PAGE_SLACK = 10


def normalise_sort(sort: str) -> str:
    """A sort of the vocabulary (``SORTS``) for any accepted name; unknown names mean ``best``."""
    sort = SORT_ALIASES.get(sort, sort)
    return sort if sort in SORTS else "best"


@dataclasses.dataclass
class SearchResult:
    ids_in_order: list[Any]  # project ids of the requested page, in order
    count: int
    facets: dict[str, list[dict[str, Any]]]
    capped: bool = False  # True when the query matched more candidates than were ranked
    # The projects of ``ids_in_order``, loaded with what a card shows (``listed_projects``).
    projects: list[Any] = dataclasses.field(default_factory=list)


def _category_names(slugs: list[str]) -> dict[str, str]:
    return dict(Category.objects.filter(slug__in=slugs).values_list("slug", "name"))


def _facets(category_counts: Counter[str], hours_counts: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    names = _category_names(list(category_counts))
    categories = [
        {"slug": slug, "name": names.get(slug, slug), "count": count}
        for slug, count in sorted(category_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    hours = [
        {"key": key, "label": str(label), "min_hours": lo, "max_hours": hi, "count": hours_counts.get(key, 0)}
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
        raise ValidationFailed(
            gettext("Filter by at most %(count)s skills.") % {"count": MAX_FILTER_VALUES}, code="too_many_values"
        )
    sort = normalise_sort(sort)
    page = max(1, page)
    page_size = max(1, min(page_size, 100))
    terms = query_terms(q or "")
    ranked = _ranked(terms, filters, sort, page, page_size)
    projects = listed_projects(ranked.ids_in_order, page_size)
    return dataclasses.replace(ranked, ids_in_order=[p.pk for p in projects], projects=projects)


def _ranked(terms: list[str], f: SearchFilters, sort: str, page: int, page_size: int) -> SearchResult:
    """The page's candidate ids (``page_size + PAGE_SLACK``, before the live check), count and facets:
    the part of a search whose cost grows with the catalogue, kept in the shared cache for
    ``STINT_SEARCH_FACET_CACHE_SECONDS`` under the listing version (``search_cache``), which every
    indexing change bumps. Per-user filters ("fits my free hours") and digests are not cached."""
    ttl = settings.STINT_SEARCH_FACET_CACHE_SECONDS
    cacheable = ttl > 0 and f.project_ids is None and f.published_after is None
    # The facets' labels are in the active language: one cached answer per language.
    key = listing_key("ranked", terms, f, sort, page, page_size, get_language()) if cacheable else ""
    if cacheable:
        cached = cache.get(key)
        if cached is not None:
            return SearchResult(*cached)
    if terms:
        result = _search_text(terms, f, sort, page, page_size)
    else:
        result = _search_browse(f, "newest" if sort == "best" else sort, page, page_size)
    if cacheable and shareable():
        cache.set(key, (result.ids_in_order, result.count, result.facets, result.capped), ttl)
    return result


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
        fits_hours = hours_ok(hours, f)
        category_ok = not f.category or category == f.category
        if fits_hours:
            category_counts[category] += 1
        if category_ok:
            hours_counts[_bucket(hours)] += 1
        if fits_hours and category_ok:
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
        # Highest rate first across currencies, compared in US cents through the rates table
        # (approximate); projects in a currency without a rate come after the rated ones.
        factors = usd_factors()
        results.sort(
            key=lambda r: (r[7] in factors, r[6] * factors.get(r[7], 1.0), r[0]),
            reverse=True,
        )
    start = (page - 1) * page_size
    return SearchResult(
        ids_in_order=[r[1] for r in results[start : start + page_size + PAGE_SLACK]],
        count=len(results),
        facets=_facets(category_counts, dict(hours_counts)),
        capped=candidates >= limit,
    )


_ORDERING = {
    "newest": ("-published_at", "-id"),
    "closing": ("application_deadline", "-id"),
    "rate": ("-hourly_rate_minor", "-id"),
}


def _browse_counts(f: SearchFilters) -> tuple[int, Counter[str], dict[str, int]]:
    """Total, category facet and hours facet of a browse (no query). These read the document
    table alone (its denormalised status, kept current by the indexing cycle) and are cached for
    ``STINT_SEARCH_FACET_CACHE_SECONDS`` (default 60), because counting every open project is the
    one part of a browse whose cost grows with the catalogue. The key carries the listing version
    (``search_cache``), which the indexing cycle bumps on every change: a publish or a close is
    counted at once."""
    ttl = settings.STINT_SEARCH_FACET_CACHE_SECONDS
    key = listing_key("browse", f)
    if ttl:
        cached = cache.get(key)
        if cached is not None:
            return cached
    # ONE pass over the listed documents, grouped by (category, hours): at most a few hundred rows,
    # from which both facets and the total follow (two aggregates cost two full scans).
    grouped = (
        listed_documents()
        .filter(common_q(f))
        .values("category_slug", "estimated_hours")
        .annotate(n=Count("id"))
        .values_list("category_slug", "estimated_hours", "n")
    )
    category_counts: Counter[str] = Counter()
    hours_counts: dict[str, int] = {key: 0 for key, *_ in HOURS_BUCKETS}
    for category, hours, n in grouped:
        if hours_ok(hours, f):
            category_counts[category] += n
        if not f.category or category == f.category:
            for key, _, lo, hi in HOURS_BUCKETS:
                if lo <= hours <= hi:
                    hours_counts[key] += n
    # The category facet already counts the results (it has every filter but the category's).
    count = category_counts.get(f.category, 0) if f.category else sum(category_counts.values())
    value = (count, category_counts, hours_counts)
    if ttl and shareable():
        cache.set(key, value, ttl)
    return value


def _rate_in_usd() -> Any:
    """The effective hourly rate in US cents (approximate, from the rates table) as SQL: one CASE
    over the rated currencies (at most one branch per supported currency); NULL without a rate."""
    whens = [
        When(currency=c, then=ExpressionWrapper(F("hourly_rate_minor") * Value(k), output_field=FloatField()))
        for c, k in sorted(usd_factors().items())
    ]
    return Case(*whens, default=Value(None), output_field=FloatField())


def _order_by(sort: str) -> tuple[Any, ...]:
    if sort == "rate":
        return (_rate_in_usd().desc(nulls_last=True), "-hourly_rate_minor", "-id")
    return _ORDERING[sort]


def _search_browse(f: SearchFilters, sort: str, page: int, page_size: int) -> SearchResult:
    count, category_counts, hours_counts = _browse_counts(f)
    category_q = Q(category_slug=f.category) if f.category else Q()
    # Order and slice on the document table alone (its indexes serve the sort), then re-check the
    # live status of just those rows: a project closed since it was indexed is dropped from the page.
    docs = listed_documents().filter(common_q(f), category_q, hours_q(f))
    start = (page - 1) * page_size
    ids = list(
        docs.order_by(*_order_by(sort)).values_list("project_id", flat=True)[start : start + page_size + PAGE_SLACK]
    )
    return SearchResult(ids_in_order=ids, count=count, facets=_facets(category_counts, hours_counts))
