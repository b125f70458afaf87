"""The candidates of a recommendation request, read with light queries and a per-process cache.

At most ``CANDIDATES`` + ``NEWEST`` open public projects whose application deadline has not passed
and that the talent has not applied to: those sharing a skill (or a related skill) with the talent
or in one of their interest categories, newest first; plus the newest ones whatever their skills
(so a good semantic or keyword match without shared skills still has a chance); plus the
invite-only projects they were invited to. One query each, reading the project's live columns; the
stored vector, packed skills and keyword stems come from a process cache keyed by the embedding's
``text_hash`` (each request then reads only what changed since).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from stint.applications.models import Application
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project, ProjectInvitation, ProjectSkill
from stint.recommendations.lexical import tokens
from stint.recommendations.models import ProjectEmbedding
from stint.recommendations.services import project_embeddings_refresh
from stint.recommendations.texts import project_text
from stint.skills.models import Category

CANDIDATES = 500
NEWEST = 100
INLINE_EMBED_LIMIT = 200

_FIELDS = (
    "pk",
    "category_id",
    "estimated_hours",
    "fee_minor",
    "currency",
    "published_at",
    "recommendation_embedding__text_hash",
)
# Only the columns the scoring reads (dates and capacity are the planner's, on the final few).
# Row positions, for readers of the tuples below; the raw rows end with the embedding's text hash.
PK, CATEGORY, HOURS, FEE, CURRENCY, PUBLISHED, VECTOR, SKILLS, TOKENS = range(9)
TEXT_HASH = VECTOR
# (text_hash, vector bytes, packed skills, keyword stems) by project id, valid while the stored
# text_hash is the same.
_CACHE: dict[str, tuple[str, bytes, list[Any], tuple[str, ...]]] = {}
CACHE_MAX = 250_000


def key(value: Any) -> str:
    """A UUID as 32 hex digits, whatever the driver returned (SQLite: hex text; PostgreSQL: UUID)."""
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "")


def _as_datetime(value: Any) -> datetime.datetime | None:
    if value is None:
        return None
    parsed = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _raw_rows(qs: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset without Django's per-value converters (the hot path
    reads ~1,000 rows; converting UUIDs and dates one by one would cost more than the query)."""
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(key(r[0]), key(r[1]), r[2], r[3], r[4], _as_datetime(r[5]), r[6]) for r in cursor.fetchall()]


def _stems(title: str, summary: str, description: str, packed: list[Any]) -> tuple[str, ...]:
    """Keyword stems of the embedded text; skill labels come from the packed skills (rows packed
    before labels were added to them have none until their text next changes)."""
    labels = [entry[3] for entry in packed if len(entry) > 3]
    return tokens(project_text(title, summary, description, labels))


def _attach_cached(rows: dict[Any, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Row + (vector bytes, packed skills, stems) from the process cache, reading only what changed."""
    stale = [pk for pk, r in rows.items() if r[TEXT_HASH] is not None and _CACHE.get(pk, ("",))[0] != r[TEXT_HASH]]
    missing = [pk for pk, r in rows.items() if r[TEXT_HASH] is None][:INLINE_EMBED_LIMIT]
    if missing:
        # The on-commit task has not run (or the rows were bulk-created): compute these now.
        project_embeddings_refresh(missing)
        stale += missing
    if stale:
        if len(_CACHE) + len(stale) > CACHE_MAX:
            _CACHE.clear()
        fields = ("project_id", "text_hash", "vector", "skills", "project__title", "project__summary")
        for pk, text_hash, vector, skills, title, summary, description in ProjectEmbedding.objects.filter(
            project_id__in=stale
        ).values_list(*fields, "project__description"):
            packed = list(skills or [])
            _CACHE[key(pk)] = (text_hash, bytes(vector), packed, _stems(title, summary, description, packed))
    out = []
    for pk, r in rows.items():
        cached = _CACHE.get(pk)
        if cached is not None and (r[TEXT_HASH] is None or cached[0] == r[TEXT_HASH]):
            out.append((*r[:TEXT_HASH], cached[1], cached[2], cached[3]))
        else:
            out.append((*r[:TEXT_HASH], None, None, None))
    return out


def candidate_rows(
    *, user: Any, skill_ids: list[str], interests: list[str], now: datetime.datetime, language: str | None = None
) -> tuple[list[tuple[Any, ...]], set[str]]:
    """((pk, category_id, hours, fee_minor, currency, published_at, vector, skills, stems)
    per candidate, the ids of the talent's interest categories). With ``language``, only projects
    written in it."""
    base = Project.objects.filter(status=ProjectStatus.OPEN, application_deadline__gt=now).exclude(
        pk__in=Application.objects.filter(talent_id=user.pk).values("project_id")
    )
    if language:
        base = base.filter(language=language)
    public = base.filter(visibility=Visibility.PUBLIC)
    category_ids = list(Category.objects.filter(slug__in=interests).values_list("pk", flat=True)) if interests else []
    overlap = Q(category_id__in=category_ids) if category_ids else Q(pk__in=[])
    if skill_ids:
        # A correlated EXISTS (index on project, skill) costs per scanned row; an IN-list of every
        # project with one of these skills would grow with the whole marketplace.
        overlap |= Q(Exists(ProjectSkill.objects.filter(project_id=OuterRef("pk"), skill_id__in=skill_ids)))
    rows: dict[Any, tuple[Any, ...]] = {}
    for row in _raw_rows(public.filter(overlap).order_by("-published_at").values_list(*_FIELDS)[:CANDIDATES]):
        rows[row[0]] = row
    for row in _raw_rows(public.order_by("-published_at").values_list(*_FIELDS)[:NEWEST]):
        rows.setdefault(row[0], row)
    invited = ProjectInvitation.objects.filter(talent_id=user.pk).values("project_id")
    for row in _raw_rows(base.filter(visibility=Visibility.INVITE_ONLY, pk__in=invited).values_list(*_FIELDS)[:200]):
        rows.setdefault(row[0], row)
    return _attach_cached(rows), {key(c) for c in category_ids}
