"""Projects recommended to a talent: candidates from SQL, scored with numpy, explained in plain words.

1. Candidates (``stint.recommendations.candidates``): a few hundred open projects that share a skill
   (or a related skill) or an interest category with the talent, plus the newest and the invited.
2. Scoring, vectorised, a weighted sum of components in 0..1 (docs/matching.md, "Hybrid ranking"):
   skills fit through the taxonomy (exact and related skills, levels, required first); semantic
   similarity of the goals and of the skills to the project (stored vectors); keyword relevance
   (BM25 of the talent's goals, roles, interests and skills, ``lexical``); an interest category;
   pay (effective hourly rate against the floor) and freshness. The weights were fitted on the
   tuning half of the hand-written set only (``bench/matching_fit.py``).
3. Hard constraints: the best ``limit + 10`` are loaded and the planner (which owns capacity:
   ``free_hours_for_talents``, the accept guard's own computation) says whether each fits the
   talent's free hours before its due date; a project that does not fit never ranks above one that
   does. Then each is explained, every reason a fact checked against the data.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.core.errors import NotAuthenticated, PermissionDenied
from stint.core.timezones import overlap_minutes
from stint.planner.availability import Availability, free_hours_for_projects
from stint.projects.models import Project
from stint.projects.rules import min_hourly_rate_minor
from stint.recommendations import features as F
from stint.recommendations import lexical
from stint.recommendations.candidates import CURRENCY, FEE, HOURS, PUBLISHED, SKILLS, TOKENS, VECTOR, candidate_rows
from stint.recommendations.embedding import embed_texts, from_bytes
from stint.recommendations.models import TalentEmbedding
from stint.recommendations.services import talent_embedding_refresh
from stint.skills.models import Category, Skill
from stint.talent.models import TalentProfile, TalentSkill
from stint.talent.services import talent_profile_get_or_create

FRESHNESS_DAYS = 14.0
# Fitted on the tuning half of bench/data/matching_eval only (bench/matching_fit.py: coordinate
# search on nDCG@10 in steps of 0.05 from two starts; pay and freshness kept at a 0.05 floor as
# product choices). Tuning nDCG@10 0.773 before the fit, 0.840 after; never fitted on the held-out
# half or on the synthetic ESCO set. docs/matching.md, "Hybrid ranking".
WEIGHTS = {
    "skills": 0.20,
    "semantic": 0.20,
    "skill_text": 0.20,
    "lexical": 0.05,
    "interest": 0.25,
    "pay": 0.05,
    "freshness": 0.05,
}


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
    query: tuple[str, ...]
    today: datetime.date
    interest_category_ids: set[str] = field(default_factory=set)


@lru_cache(maxsize=4096)
def _embedded(texts: tuple[str, ...]) -> np.ndarray:
    """The talent's roles and skills embedded, remembered per process by their exact text (a pure
    function of the text and the process's model: a talent's next request skips the tokenizer)."""
    vectors = embed_texts(list(texts))
    vectors.setflags(write=False)
    return vectors


def require_talent(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise NotAuthenticated(_("Sign in to see your recommendations."))
    if getattr(user, "role", None) != "talent":
        raise PermissionDenied(_("Recommendations are for talent accounts."), code="talent_role_required")


def talent_context(user: Any, today: datetime.date | None = None) -> TalentContext:
    """What the ranking reads about the talent: skills and levels, related skills, goals, target
    roles and interests. Never their name, headline, education, links or photo."""
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
    labels = sorted(label for _, _, label in skill_rows)
    # The talent's skills as text too: semantic similarity links skills the taxonomy does not relate.
    texts = [*roles, ", ".join(labels)]
    embedded = _embedded(tuple(texts))
    role_vectors, skills_vector = embedded[: len(roles)], embedded[len(roles)]
    interests = [str(s) for s in (profile.interests or [])]
    names = list(Category.objects.filter(slug__in=interests).values_list("name", flat=True)) if interests else []
    query = lexical.tokens(" ".join([profile.career_goals or "", *roles, *names, *labels]))
    return TalentContext(
        user=user,
        profile=profile,
        have=have,
        related=related,
        vector=vector,
        roles=roles,
        role_vectors=role_vectors,
        skills_vector=skills_vector,
        query=query,
        today=today,
    )


def score_rows(ctx: TalentContext, rows: list[tuple[Any, ...]], now: datetime.datetime) -> dict[str, np.ndarray]:
    n = len(rows)
    dims = len(ctx.vector)
    skills = np.zeros(n, dtype=np.float32)
    semantic_sim = np.zeros(n, dtype=np.float32)
    skill_text_sim = np.zeros(n, dtype=np.float32)
    rate = np.array([r[FEE] // max(1, r[HOURS]) for r in rows], dtype=np.float32)
    floors = {c: min_hourly_rate_minor(c) or 2000 for c in {r[CURRENCY] for r in rows}}
    floor = np.array([floors[r[CURRENCY]] for r in rows], dtype=np.float32)
    age_days = np.array(
        [((now - r[PUBLISHED]).total_seconds() / 86400.0) if r[PUBLISHED] else 60.0 for r in rows], dtype=np.float32
    )
    interest = np.array([1.0 if r[1] in ctx.interest_category_ids else 0.0 for r in rows], dtype=np.float32)
    with_vector = [i for i, r in enumerate(rows) if r[VECTOR] is not None]
    if with_vector and dims > 1:
        blob = b"".join(bytes(rows[i][VECTOR]) for i in with_vector)
        matrix = np.frombuffer(blob, dtype=np.float16).reshape(len(with_vector), -1).astype(np.float32)
        if matrix.shape[1] == dims:
            semantic_sim[with_vector] = matrix @ ctx.vector
            if ctx.skills_vector.shape[0] == dims:
                skill_text_sim[with_vector] = matrix @ ctx.skills_vector
    for i, r in enumerate(rows):
        skills[i] = F.skill_fit(r[SKILLS] or [], ctx.have, ctx.related).fit
    keyword = lexical.normalised(lexical.bm25(ctx.query, [r[TOKENS] for r in rows]))
    pay = np.clip((rate / floor - 1.0) / 1.0, 0.0, 1.0)
    freshness = np.exp(-np.maximum(age_days, 0.0) / FRESHNESS_DAYS)
    components = {
        "skills": skills,
        "semantic": F.semantic_component(semantic_sim),
        "skill_text": F.semantic_component(skill_text_sim),
        "lexical": keyword,
        "interest": interest,
        "pay": pay,
        "freshness": freshness,
    }
    total = sum((WEIGHTS[k] * v for k, v in components.items()), np.zeros(n, dtype=np.float32))
    return {"total": total, **components, "similarity": semantic_sim}


def explain(
    ctx: TalentContext, project: Project, packed: list[Any], similarity: float, free: Availability, vector: Any
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
    if free.fits:
        reasons.append(F.feasibility_reason(free.free_hours_per_week))
    floor = min_hourly_rate_minor(project.currency)
    if floor is None or project.hourly_rate_minor >= floor:
        reasons.append(F.pay_reason(project.hourly_rate_minor, project.currency))
    if project.category.slug in {str(s) for s in (ctx.profile.interests or [])}:
        reasons.append(_("In %(category)s, one of your interests") % {"category": project.category.name})
    minutes = working_overlap(ctx, project)
    if minutes is not None and project.overlap_hours and minutes >= project.overlap_hours * 60:
        reasons.append(F.overlap_reason(minutes))
    if speaks_language(ctx, project) and ctx.profile.languages:
        reasons.append(F.language_reason(project.language))
    return reasons


def working_overlap(ctx: TalentContext, project: Project) -> int | None:
    """Minutes the talent's working hours overlap the project's stated window today (in the talent's
    zone), or None when either side states no hours."""
    window, theirs = project.overlap_window, ctx.profile.work_window
    if window is None or theirs is None:
        return None
    return overlap_minutes(window, theirs, ctx.today)


def overlap_ok(ctx: TalentContext, project: Project) -> bool:
    """False only when both sides state hours and the overlap falls short of the project's need."""
    minutes = working_overlap(ctx, project)
    return minutes is None or minutes >= (project.overlap_hours or 0) * 60


def speaks_language(ctx: TalentContext, project: Project) -> bool:
    """True when the talent lists no languages, or lists the project's."""
    spoken = {str(code) for code in (ctx.profile.languages or [])}
    return not spoken or project.language in spoken


def feasibility(free: Availability, project: Project, today: datetime.date) -> float:
    """1 when the planner says it fits; else the share of its hours the free hours would cover (< 1)."""
    if free.fits:
        return 1.0
    window = F.work_window_days(project.start_date, project.due_date, today)
    return min(0.99, free.free_hours_per_week * window / 7.0 / max(1, project.estimated_hours))


def recommend_projects_for_talent(
    user: Any,
    limit: int = 20,
    today: datetime.date | None = None,
    *,
    now: datetime.datetime | None = None,
    language: str | None = None,
) -> list[Recommendation]:
    """The open projects that suit ``user`` best, best first, each with its score and reasons.

    Leaves out projects that are not open, not public (unless the talent was invited to an
    invite-only one), past their application deadline, or already applied to; with ``language``,
    projects written in another language. Hard preferences order the list before the score: a
    project that fits the talent's free hours, then one in a language the talent speaks (when they
    list languages), then one whose working-hours overlap need their hours meet."""
    require_talent(user)
    limit = max(1, min(int(limit), 100))
    now = now or timezone.now()
    ctx = talent_context(user, today)
    rows, ctx.interest_category_ids = candidate_rows(
        user=user,
        skill_ids=list(ctx.have) + list(ctx.related),
        interests=[str(s) for s in (ctx.profile.interests or [])],
        now=now,
        language=language,
    )
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
    # The planner owns capacity: the same answer as the apply warning and the accept guard.
    availability = free_hours_for_projects(talent_id=user.pk, projects=projects.values(), now=now)
    results: list[tuple[tuple[bool, bool, bool], Recommendation]] = []
    for pk, i in by_pk.items():
        project = projects.get(pk)
        if project is None:
            continue
        free = availability[project.pk]
        vector = from_bytes(rows[i][VECTOR]) if rows[i][VECTOR] is not None else None
        components = {k: float(v[i]) for k, v in scores.items()}
        components["feasibility"] = feasibility(free, project, ctx.today)
        reasons = explain(ctx, project, rows[i][SKILLS] or [], components["similarity"], free, vector)
        rec = Recommendation(
            project=project, score=round(components["total"], 4), reasons=reasons, components=components
        )
        fits = (not free.fits, not speaks_language(ctx, project), not overlap_ok(ctx, project))
        results.append((fits, rec))
    results.sort(key=lambda t: (t[0], -t[1].score, t[1].project.published_at or now, str(t[1].project.pk)))
    return [rec for _, rec in results[:limit]]


def freshness_days(published_at: datetime.datetime | None, now: datetime.datetime) -> float:
    return math.inf if published_at is None else (now - published_at).total_seconds() / 86400.0
