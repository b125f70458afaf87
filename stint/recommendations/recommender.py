"""Projects recommended to a talent: candidates from SQL, scored with numpy, explained in plain words.

1. Candidates (at most ``CANDIDATES`` + ``NEWEST``): open public projects whose application deadline
   has not passed and that the talent has not applied to, sharing a skill (or a related skill) with
   the talent or in one of their interest categories, newest first; plus the newest ones whatever
   their skills (so a good semantic match without shared skills still has a chance); plus the
   invite-only projects they were invited to. One query each, reading the stored embedding and
   packed skills with the project's live columns.
2. Scoring, vectorised: skills fit, goal similarity (cosine of stored vectors), feasibility, pay
   (effective hourly rate against the floor) and freshness, plus a bonus for an interest category.
3. The best ones are loaded as objects, checked once more with the planner's capacity computation
   and explained.
"""

from __future__ import annotations

import datetime
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from stint.applications.models import Application
from stint.core.errors import NotAuthenticated, PermissionDenied
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project, ProjectInvitation, ProjectSkill
from stint.projects.rules import min_hourly_rate_minor
from stint.recommendations import features as F
from stint.recommendations.embedding import embed_texts, from_bytes
from stint.recommendations.models import ProjectEmbedding, TalentEmbedding
from stint.recommendations.services import project_embeddings_refresh, talent_embedding_refresh
from stint.skills.models import Category, Skill
from stint.talent.models import TalentProfile, TalentSkill
from stint.talent.services import talent_profile_get_or_create

CANDIDATES = 500
NEWEST = 100
INLINE_EMBED_LIMIT = 200
FRESHNESS_DAYS = 14.0
WEIGHTS = {
    "skills": 0.30,
    "semantic": 0.30,
    "skill_text": 0.15,
    "interest": 0.10,
    "feasibility": 0.06,
    "pay": 0.045,
    "freshness": 0.045,
}

_FIELDS = (
    "pk",
    "category_id",
    "estimated_hours",
    "fee_minor",
    "currency",
    "start_date",
    "due_date",
    "published_at",
    "recommendation_embedding__text_hash",
)
# Vectors and packed skills by project id, valid while the stored text_hash is the same: each
# request then reads light columns only (no blobs, no JSON) for its candidates.
_VECTOR_CACHE: dict[str, tuple[str, bytes, list[Any]]] = {}
VECTOR_CACHE_MAX = 250_000


@dataclass
class Recommendation:
    project: Project
    score: float
    reasons: list[str]
    components: dict[str, float] = field(default_factory=dict)


@dataclass
class TalentContext:
    user: Any
    profile: TalentProfile
    have: dict[str, int]
    related: dict[str, int]
    vector: np.ndarray
    roles: list[str]
    role_vectors: np.ndarray
    skills_vector: np.ndarray
    capacity: F.Capacity
    today: datetime.date
    interest_category_ids: set[Any] = field(default_factory=set)


def require_talent(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated("Sign in to see your recommendations.")
    if getattr(user, "role", None) != "talent":
        raise PermissionDenied("Recommendations are for talent accounts.", code="talent_role_required")


def talent_context(user: Any, today: datetime.date | None = None) -> TalentContext:
    profile = talent_profile_get_or_create(user=user)
    today = today or timezone.localdate()
    skill_rows = list(TalentSkill.objects.filter(profile=profile).values_list("skill_id", "level", "skill__label"))
    have = {str(sid): int(level) for sid, level, _ in skill_rows}
    pairs = (
        Skill.related.through.objects.filter(from_skill_id__in=list(have)).values_list("from_skill_id", "to_skill_id")
        if have
        else []
    )
    related = F.related_levels(have, [(str(a), str(b)) for a, b in pairs])
    stored = TalentEmbedding.objects.filter(profile=profile).values_list("vector", flat=True).first()
    if stored is None:
        # The on-commit task has not run yet (or never will, e.g. after a bulk import): compute it now.
        talent_embedding_refresh(profile.pk)
        stored = TalentEmbedding.objects.filter(profile=profile).values_list("vector", flat=True).first()
    vector = from_bytes(stored) if stored is not None else np.zeros(1, dtype=np.float32)
    roles = [str(r).strip() for r in (profile.target_roles or []) if str(r).strip()][:5]
    # The talent's skills as text too: semantic similarity links skills the taxonomy does not relate.
    texts = [*roles, ", ".join(sorted(label for _, _, label in skill_rows))]
    embedded = embed_texts(texts)
    role_vectors, skills_vector = embedded[: len(roles)], embedded[len(roles)]
    return TalentContext(
        user=user,
        profile=profile,
        have=have,
        related=related,
        vector=vector,
        roles=roles,
        role_vectors=role_vectors,
        skills_vector=skills_vector,
        capacity=F.capacity_for_talent(user, profile, today),
        today=today,
    )


def _base_candidates(user: Any, now: datetime.datetime) -> Any:
    return Project.objects.filter(status=ProjectStatus.OPEN, application_deadline__gt=now).exclude(
        pk__in=Application.objects.filter(talent_id=user.pk).values("project_id")
    )


def _key(value: Any) -> str:
    """A UUID as 32 hex digits, whatever the driver returned (SQLite: hex text; PostgreSQL: UUID)."""
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "")


def _as_date(value: Any) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


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
        return [
            (
                _key(r[0]),
                _key(r[1]),
                r[2],
                r[3],
                r[4],
                _as_date(r[5]),
                _as_date(r[6]),
                _as_datetime(r[7]),
                r[8],
            )
            for r in cursor.fetchall()
        ]


def _attach_vectors(rows: dict[Any, tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Row + (vector bytes, packed skills) from the process cache, reading only what changed."""
    stale = [pk for pk, r in rows.items() if r[8] is not None and _VECTOR_CACHE.get(pk, ("",))[0] != r[8]]
    missing = [pk for pk, r in rows.items() if r[8] is None][:INLINE_EMBED_LIMIT]
    if missing:
        # The on-commit task has not run (or the rows were bulk-created): compute these now.
        project_embeddings_refresh(missing)
        stale += missing
    if stale:
        if len(_VECTOR_CACHE) + len(stale) > VECTOR_CACHE_MAX:
            _VECTOR_CACHE.clear()
        for pk, text_hash, vector, skills in ProjectEmbedding.objects.filter(project_id__in=stale).values_list(
            "project_id", "text_hash", "vector", "skills"
        ):
            _VECTOR_CACHE[_key(pk)] = (text_hash, bytes(vector), list(skills or []))
    out = []
    for pk, r in rows.items():
        cached = _VECTOR_CACHE.get(pk)
        if cached is not None and (r[8] is None or cached[0] == r[8]):
            out.append((*r[:8], cached[1], cached[2]))
        else:
            out.append((*r[:8], None, None))
    return out


def candidate_rows(ctx: TalentContext, now: datetime.datetime) -> list[tuple[Any, ...]]:
    """(pk, category_id, hours, fee_minor, currency, start, due, published_at, vector, skills) per candidate."""
    base = _base_candidates(ctx.user, now)
    public = base.filter(visibility=Visibility.PUBLIC)
    skill_ids = list(ctx.have) + list(ctx.related)
    interests = [str(s) for s in (ctx.profile.interests or [])]
    category_ids = list(Category.objects.filter(slug__in=interests).values_list("pk", flat=True)) if interests else []
    ctx.interest_category_ids = {_key(c) for c in category_ids}
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
    invited = ProjectInvitation.objects.filter(talent_id=ctx.user.pk).values("project_id")
    for row in _raw_rows(base.filter(visibility=Visibility.INVITE_ONLY, pk__in=invited).values_list(*_FIELDS)[:200]):
        rows.setdefault(row[0], row)
    return _attach_vectors(rows)


def score_rows(ctx: TalentContext, rows: list[tuple[Any, ...]], now: datetime.datetime) -> dict[str, np.ndarray]:
    n = len(rows)
    dims = len(ctx.vector)
    skills = np.zeros(n, dtype=np.float32)
    semantic_sim = np.zeros(n, dtype=np.float32)
    skill_text_sim = np.zeros(n, dtype=np.float32)
    hours = np.array([r[2] for r in rows], dtype=np.float32)
    window = np.array([F.work_window_days(r[5], r[6], ctx.today) for r in rows], dtype=np.float32)
    rate = np.array([r[3] // max(1, r[2]) for r in rows], dtype=np.float32)
    floor = np.array([min_hourly_rate_minor(r[4]) or 2000 for r in rows], dtype=np.float32)
    age_days = np.array([((now - r[7]).total_seconds() / 86400.0) if r[7] else 60.0 for r in rows], dtype=np.float32)
    interest = np.array([1.0 if r[1] in ctx.interest_category_ids else 0.0 for r in rows], dtype=np.float32)
    with_vector = [i for i, r in enumerate(rows) if r[8] is not None]
    if with_vector and dims > 1:
        blob = b"".join(bytes(rows[i][8]) for i in with_vector)
        matrix = np.frombuffer(blob, dtype=np.float16).reshape(len(with_vector), -1).astype(np.float32)
        if matrix.shape[1] == dims:
            semantic_sim[with_vector] = matrix @ ctx.vector
            if ctx.skills_vector.shape[0] == dims:
                skill_text_sim[with_vector] = matrix @ ctx.skills_vector
    for i, r in enumerate(rows):
        skills[i] = F.skill_fit(r[9] or [], ctx.have, ctx.related).fit
    available = ctx.capacity.free_hours_per_week * window / 7.0
    feasibility = np.clip(available / np.maximum(hours, 1.0), 0.0, 1.0)
    pay = np.clip((rate / floor - 1.0) / 1.0, 0.0, 1.0)
    freshness = np.exp(-np.maximum(age_days, 0.0) / FRESHNESS_DAYS)
    semantic = F.semantic_component(semantic_sim)
    total = (
        WEIGHTS["skills"] * skills
        + WEIGHTS["semantic"] * semantic
        + WEIGHTS["feasibility"] * feasibility
        + WEIGHTS["pay"] * pay
        + WEIGHTS["freshness"] * freshness
        + WEIGHTS["interest"] * interest
        + WEIGHTS["skill_text"] * F.semantic_component(skill_text_sim)
    )
    return {
        "total": total,
        "skills": skills,
        "semantic": semantic,
        "similarity": semantic_sim,
        "feasibility": feasibility,
        "pay": pay,
        "freshness": freshness,
        "interest": interest,
        "skill_text": skill_text_sim,
    }


def explain(
    ctx: TalentContext, project: Project, packed: list[Any], similarity: float, fits: bool, vector: np.ndarray | None
) -> list[str]:
    """Reasons, each a checkable fact: skill counts, goal similarity, capacity, hourly rate, interest."""
    reasons = F.skills_reason(F.skill_fit(packed, ctx.have, ctx.related))
    if similarity >= F.GOAL_SIMILARITY_THRESHOLD and (ctx.roles or ctx.profile.career_goals.strip()):
        best_role = None
        if ctx.roles and vector is not None and vector.shape[0] == ctx.role_vectors.shape[1]:
            sims = ctx.role_vectors @ vector
            best_role = ctx.roles[int(np.argmax(sims))]
        elif ctx.roles:
            best_role = ctx.roles[0]
        reasons.append(F.goal_reason(best_role, ctx.profile.career_goals))
    if fits:
        reasons.append(F.feasibility_reason(ctx.capacity.free_hours_per_week))
    floor = min_hourly_rate_minor(project.currency)
    if floor is None or project.hourly_rate_minor >= floor:
        reasons.append(F.pay_reason(project.hourly_rate_minor, project.currency))
    if project.category.slug in {str(s) for s in (ctx.profile.interests or [])}:
        reasons.append(f"In {project.category.name}, one of your interests")
    return reasons


def recommend_projects_for_talent(
    user: Any, limit: int = 20, today: datetime.date | None = None, *, now: datetime.datetime | None = None
) -> list[Recommendation]:
    """The open projects that suit ``user`` best, best first, each with its score and reasons.

    Leaves out projects that are not open, not public (unless the talent was invited to an
    invite-only one), past their application deadline, or already applied to."""
    require_talent(user)
    limit = max(1, min(int(limit), 100))
    now = now or timezone.now()
    ctx = talent_context(user, today)
    rows = candidate_rows(ctx, now)
    if not rows:
        return []
    scores = score_rows(ctx, rows, now)
    total = scores["total"]
    window = min(len(rows), limit + 10)
    top = np.argpartition(-total, window - 1)[:window] if window < len(rows) else np.arange(len(rows))
    by_pk = {rows[i][0]: i for i in top}
    projects = {
        p.pk.hex: p for p in Project.objects.select_related("organization", "category").filter(pk__in=list(by_pk))
    }
    results: list[Recommendation] = []
    for pk, i in by_pk.items():
        project = projects.get(pk)
        if project is None:
            continue
        row = rows[i]
        vector = from_bytes(row[8]) if row[8] is not None else None
        fallback_fits = ctx.capacity.fits_fallback(
            project.estimated_hours, project.start_date, project.due_date, ctx.today
        )
        exact_fits = ctx.capacity.fits(project, ctx.today) if ctx.capacity.planner is not None else fallback_fits
        components = {k: float(v[i]) for k, v in scores.items()}
        score = components["total"]
        if exact_fits != (components["feasibility"] >= 1.0):
            # The planner's week-by-week check has the last word on feasibility.
            score += WEIGHTS["feasibility"] * ((1.0 if exact_fits else 0.0) - components["feasibility"])
        reasons = explain(ctx, project, row[9] or [], components["similarity"], exact_fits and fallback_fits, vector)
        results.append(
            Recommendation(project=project, score=round(float(score), 4), reasons=reasons, components=components)
        )
    results.sort(key=lambda r: (-r.score, r.project.published_at or now, str(r.project.pk)))
    return results[:limit]


def freshness_days(published_at: datetime.datetime | None, now: datetime.datetime) -> float:
    return math.inf if published_at is None else (now - published_at).total_seconds() / 86400.0
