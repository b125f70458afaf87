"""The two full-text engines behind ``project_search``: candidate selection and ranking in one
statement, SQLite FTS5 (``bm25`` with column weights; one neutral tokenizer for every language) or
PostgreSQL (``ts_rank_cd`` on a weighted tsvector under a GIN index, stemmed in each project's
language, with a ``SET LOCAL statement_timeout``). See ``search.py`` and docs/search.md."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stint.core.errors import ApplicationError
from stint.core.languages import SEARCH_CONFIGS
from stint.matching.indexing import is_postgres
from stint.matching.search_filters import SearchFilters, common_q, listed_documents
from stint.matching.text import fts5_match_expression, tsquery_parts

# FTS5 bm25 column weights, in column order: title, summary, description, skills_text, organization_name.
FTS5_WEIGHTS = (10.0, 4.0, 1.0, 4.0, 2.0)
# ts_rank_cd weights for D, C, B, A (description, organization, summary+skills, title).
PG_WEIGHTS = "{0.1, 0.4, 0.4, 1.0}"

# The columns of a candidate row, in order (the score is appended).
ROW_FIELDS = (
    "id",
    "project_id",
    "category_slug",
    "estimated_hours",
    "published_at",
    "application_deadline",
    "hourly_rate_minor",
    "currency",
)


class SearchTimeout(ApplicationError):
    code = "search_timeout"
    status = 503
    title = cast(str, _("The search took too long"))  # translated when rendered


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
# PostgreSQL: each document's tsvector is stemmed with its language's configuration, so the query is
# stemmed with the same one, row by row (``_ROW_QUERY``). The GIN index cannot use a per-row query,
# so candidates are first narrowed by the union of the query in every configuration (a constant,
# ``%s::tsquery``, computed by ``_pg_union``), then each is checked with its own configuration.
_ROW_CONFIG = "COALESCE(d.search_config, 'simple')::regconfig"
_ROW_QUERY = f"(to_tsquery({_ROW_CONFIG}, %s) && (to_tsquery({_ROW_CONFIG}, %s) || to_tsquery('simple', %s)))"
# The union, OR-ed in SQL: an uncorrelated subquery (evaluated once, before the scan) so that the
# GIN index can use it and the search stays one statement.
_PG_UNION = (
    "(SELECT string_agg('(' || u.q::text || ')', ' | ') FROM (SELECT DISTINCT (to_tsquery(cfg::regconfig, %s) "
    "&& (to_tsquery(cfg::regconfig, %s) || to_tsquery('simple', %s))) AS q FROM unnest(%s::text[]) AS cfg) u "
    "WHERE u.q::text <> '')::tsquery"
)
_PG_CANDIDATES = (
    "SELECT d.id AS rid, d.search_vector, x.q FROM matching_projectsearchdocument d "  # noqa: S608 (constants)
    f"CROSS JOIN LATERAL (SELECT {_ROW_QUERY} AS q) x "
    f"WHERE d.search_vector @@ {_PG_UNION} AND d.search_vector @@ x.q ORDER BY d.id DESC LIMIT %s"
)


def _pg_candidate_params(terms: list[str], limit: int) -> tuple[Any, ...]:
    head, last = tsquery_parts(terms)
    return (head, last, last, head, last, last, list(SEARCH_CONFIGS), limit)


def _filtered_rows_sql(f: SearchFilters) -> tuple[str, tuple[Any, ...]]:
    """The listed documents passing every filter except category and hours (``ROW_FIELDS``), as SQL
    to join with the candidates."""
    queryset = listed_documents().filter(common_q(f)).values_list(*ROW_FIELDS)
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _row_columns() -> str:
    """``ROW_FIELDS`` of the joined rows, timestamps as text (ISO 8601 in UTC on both engines, which
    sorts correctly): as timestamps they would go through Django's per-value converters, which cost
    more than the whole statement for 1000 rows (10 ms on SQLite, 6 ms on PostgreSQL)."""
    return ", ".join(
        f"CAST(q.{name} AS TEXT)" if name in ("published_at", "application_deadline") else f"q.{name}"
        for name in ROW_FIELDS
    )


def text_rows(terms: list[str], f: SearchFilters, limit: int) -> tuple[list[tuple[Any, ...]], int]:
    """One statement: the candidates of ``terms`` that pass the filters (``ROW_FIELDS`` + score,
    higher is better) and how many candidates there were (at most ``limit``)."""
    rows_sql, rows_params = _filtered_rows_sql(f)
    if is_postgres():
        sql = (
            f"WITH c AS MATERIALIZED ({_PG_CANDIDATES}) "  # noqa: S608 (constants and ORM-compiled SQL)
            f"SELECT {_row_columns()}, ts_rank_cd(%s::float4[], c.search_vector, c.q, 0), "
            "(SELECT count(*) FROM c) "
            f"FROM c INNER JOIN ({rows_sql}) q ON q.id = c.rid"
        )
        params: tuple[Any, ...] = (*_pg_candidate_params(terms, limit), PG_WEIGHTS, *rows_params)
        timeout_ms = settings.STINT_SEARCH_STATEMENT_TIMEOUT_MS
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {timeout_ms}")
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        except DatabaseError as exc:
            if "statement timeout" in str(exc) or "canceling statement" in str(exc):
                raise SearchTimeout(gettext("The search took too long; add words or filters.")) from exc
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
    sql = f"SELECT count(*) FROM ({_PG_CANDIDATES}) m"  # noqa: S608 (constants)
    with connection.cursor() as cursor:
        cursor.execute(sql, _pg_candidate_params(terms, limit))
        return int(cursor.fetchone()[0])


def text_candidates(terms: list[str], limit: int) -> list[tuple[int, float]]:
    """``[(document id, score)]``, best first, at most ``limit``; higher score is better.

    The candidates as ranked, before any filter or live-status check (used by diagnostics and
    tests; searches use ``text_rows``)."""
    if is_postgres():
        sql = (
            f"WITH c AS MATERIALIZED ({_PG_CANDIDATES}) "  # noqa: S608 (constants)
            "SELECT c.rid, ts_rank_cd(%s::float4[], c.search_vector, c.q, 0) FROM c"
        )
        params: tuple[Any, ...] = (*_pg_candidate_params(terms, limit), PG_WEIGHTS)
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
