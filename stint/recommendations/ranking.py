"""Applicants ranked by fit for a project, with the same plain-language reasons as recommendations.

Features (and only these; docs/matching.md "Applicant ranking"): the applicant's skills and levels
against the project's (taxonomy, related skills at partial credit); similarity of their career
goals, target roles and interest categories to the project text; approved or paid engagements in
the same category; the average rating of reviews companies gave them; their free hours a week
before the due date. Never their name, photo, age, gender, nationality, headline, education or
institution: none of those is read here.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stint.engagements.choices import APPROVED_STATUSES
from stint.engagements.models import Engagement, Review
from stint.planner.availability import Availability, free_hours_for_talents
from stint.projects.models import Project
from stint.recommendations import features as F
from stint.recommendations.embedding import from_bytes
from stint.recommendations.models import ProjectEmbedding, TalentEmbedding
from stint.recommendations.services import project_embedding_refresh, talent_embeddings_refresh
from stint.skills.models import Skill
from stint.talent.models import TalentProfile, TalentSkill

WEIGHTS = {"skills": 0.40, "goals": 0.25, "experience": 0.15, "reviews": 0.10, "availability": 0.10}
EXPERIENCE_SATURATION = 3  # completed projects in the category for full credit
NEUTRAL_REVIEWS = 0.5  # no reviews yet: neither a bonus nor a penalty


def _project_vector_and_skills(project: Project) -> tuple[np.ndarray | None, list[Any]]:
    row = ProjectEmbedding.objects.filter(project=project).values_list("vector", "skills").first()
    if row is None:
        project_embedding_refresh(project.pk)
        row = ProjectEmbedding.objects.filter(project=project).values_list("vector", "skills").first()
    if row is None:
        return None, []
    return from_bytes(row[0]), list(row[1] or [])


def _reviews_by_talent(talent_ids: list[Any]) -> dict[Any, tuple[float, int]]:
    review = Review
    rows = (
        review.objects.filter(subject_id__in=talent_ids, side="company")
        .values("subject_id")
        .annotate(avg=Avg("rating"), n=Count("id"))
    )
    return {r["subject_id"]: (float(r["avg"]), int(r["n"])) for r in rows}


@dataclass(frozen=True)
class _Evidence:
    """What ranking reads about the applicants, in a fixed number of queries whatever their number."""

    profiles: dict[Any, TalentProfile]
    skills_by_profile: dict[Any, dict[str, int]]
    pairs: list[tuple[str, str]]
    vectors: dict[Any, bytes | memoryview]
    completed: dict[Any, int]
    reviews: dict[Any, tuple[float, int]]
    free: dict[Any, Availability]


def _profiles(talent_ids: list[Any]) -> dict[Any, TalentProfile]:
    rows = TalentProfile.objects.filter(user_id__in=talent_ids).only(
        "id", "user_id", "career_goals", "target_roles", "interests", "weekly_hours"
    )
    return {p.user_id: p for p in rows}


def _skills_and_related(talent_ids: list[Any]) -> tuple[dict[Any, dict[str, int]], list[tuple[str, str]]]:
    """Each profile's {skill id: level}, and the related-skill pairs starting from any of those skills."""
    skills_by_profile: dict[Any, dict[str, int]] = defaultdict(dict)
    for profile_id, skill_id, level in TalentSkill.objects.filter(profile__user_id__in=talent_ids).values_list(
        "profile_id", "skill_id", "level"
    ):
        skills_by_profile[profile_id][str(skill_id)] = int(level)
    all_skills = {s for d in skills_by_profile.values() for s in d}
    if not all_skills:
        return skills_by_profile, []
    rows = Skill.related.through.objects.filter(from_skill_id__in=list(all_skills)).values_list(
        "from_skill_id", "to_skill_id"
    )
    return skills_by_profile, [(str(a), str(b)) for a, b in rows]


def _talent_vectors(profile_ids: list[Any]) -> dict[Any, bytes | memoryview]:
    """Stored talent embeddings; the missing ones are computed first."""
    vectors = dict(TalentEmbedding.objects.filter(profile_id__in=profile_ids).values_list("profile_id", "vector"))
    missing = [pk for pk in profile_ids if pk not in vectors]
    if missing:
        talent_embeddings_refresh(missing)
        vectors.update(TalentEmbedding.objects.filter(profile_id__in=missing).values_list("profile_id", "vector"))
    return vectors


def _completed_in_category(talent_ids: list[Any], project: Project) -> dict[Any, int]:
    rows = (
        Engagement.objects.filter(
            talent_id__in=talent_ids, status__in=APPROVED_STATUSES, project__category_id=project.category_id
        )
        .values("talent_id")
        .annotate(n=Count("id"))
        .values_list("talent_id", "n")
    )
    return {talent_id: int(n) for talent_id, n in rows}


def _evidence(project: Project, talent_ids: list[Any]) -> _Evidence:
    profiles = _profiles(talent_ids)
    skills_by_profile, pairs = _skills_and_related(talent_ids)
    return _Evidence(
        profiles=profiles,
        skills_by_profile=skills_by_profile,
        pairs=pairs,
        vectors=_talent_vectors([p.pk for p in profiles.values()]),
        completed=_completed_in_category(talent_ids, project),
        reviews=_reviews_by_talent(talent_ids),
        # The planner owns capacity: the same answer as the accept guard, for every applicant at once.
        free=free_hours_for_talents(talent_ids=talent_ids, project=project),
    )


def _similarity(profile: TalentProfile | None, evidence: _Evidence, project_vec: np.ndarray | None) -> float:
    """Cosine of the talent's goals embedding and the project's; 0 when either is missing."""
    if profile is None or profile.pk not in evidence.vectors or project_vec is None:
        return 0.0
    vec = from_bytes(evidence.vectors[profile.pk])
    return F.cosine(vec, project_vec) if vec.shape == project_vec.shape else 0.0


def _reasons(
    fit: Any, profile: TalentProfile | None, similarity: float, talent_id: Any, evidence: _Evidence, category: str
) -> list[str]:
    reasons = F.skills_reason(fit, subject="Has", noun="the project's")
    if similarity >= F.GOAL_SIMILARITY_THRESHOLD and profile is not None:
        roles = [str(r).strip() for r in (profile.target_roles or []) if str(r).strip()]
        if roles:
            an, role = F.role_with_article(roles[0])
            if an:
                reasons.append(_("Aims to become an %(role)s, close to this project") % {"role": role})
            else:
                reasons.append(_("Aims to become a %(role)s, close to this project") % {"role": role})
        elif profile.career_goals.strip():
            reasons.append(_("Career goals close to this project"))
    n_done = evidence.completed.get(talent_id, 0)
    if n_done:
        reasons.append(
            ngettext(
                "Completed %(count)s approved project in %(category)s",
                "Completed %(count)s approved projects in %(category)s",
                n_done,
            )
            % {"count": n_done, "category": category}
        )
    avg_n = evidence.reviews.get(talent_id)
    if avg_n:
        reasons.append(
            ngettext(
                "Average rating %(rating)s from %(count)s review",
                "Average rating %(rating)s from %(count)s reviews",
                avg_n[1],
            )
            % {"rating": number_format(avg_n[0], 1), "count": avg_n[1]}
        )
    availability = evidence.free[talent_id]
    if availability.fits:
        hours = int(availability.free_hours_per_week)
        reasons.append(
            ngettext(
                "Has %(hours)s free hour a week before the due date",
                "Has %(hours)s free hours a week before the due date",
                hours,
            )
            % {"hours": hours}
        )
    return reasons


def _score(
    application: Any,
    project: Project,
    evidence: _Evidence,
    project_vec: np.ndarray | None,
    packed: list[Any],
    window_days: float,
) -> tuple[float, list[str]]:
    """One applicant's weighted score (0..1) and the reasons behind it."""
    talent_id = application.talent_id
    profile = evidence.profiles.get(talent_id)
    have = evidence.skills_by_profile.get(profile.pk, {}) if profile else {}
    fit = F.skill_fit(packed, have, F.related_levels(have, evidence.pairs))
    similarity = _similarity(profile, evidence, project_vec)
    avg_n = evidence.reviews.get(talent_id)
    availability = evidence.free[talent_id]
    available = availability.free_hours_per_week * window_days / 7.0 if availability.fits else 0.0
    components = {
        "skills": fit.fit,
        "goals": float(F.semantic_component(similarity)),
        "experience": min(1.0, evidence.completed.get(talent_id, 0) / EXPERIENCE_SATURATION),
        "reviews": (avg_n[0] - 1.0) / 4.0 if avg_n else NEUTRAL_REVIEWS,
        "availability": min(1.0, available / max(1, project.estimated_hours)),
    }
    score = round(sum(WEIGHTS[k] * v for k, v in components.items()), 4)
    return score, _reasons(fit, profile, similarity, talent_id, evidence, project.category.name)


def rank_applicants(
    project: Project, applications: Iterable[Any], today: datetime.date | None = None
) -> list[tuple[Any, float, list[str]]]:
    """[(application, score 0..1, reasons)], best first; ties keep the earlier application first."""
    apps_list = list(applications)
    if not apps_list:
        return []
    today = today or timezone.localdate()
    evidence = _evidence(project, list({a.talent_id for a in apps_list}))
    project_vec, packed = _project_vector_and_skills(project)
    window_days = F.work_window_days(project.start_date, project.due_date, today)
    ranked = []
    for application in apps_list:
        score, reasons = _score(application, project, evidence, project_vec, packed, window_days)
        ranked.append((application, score, reasons))
    order = {a.pk: i for i, a in enumerate(sorted(apps_list, key=lambda a: a.created_at))}
    ranked.sort(key=lambda t: (-t[1], order[t[0].pk]))
    return ranked
