"""Writes of the recommendations app: (re)computing stored embeddings.

Each refresh reads the current text, compares its hash with the stored one and writes only when it
changed, so running a task twice (or for an unchanged save) costs one read and no write.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from stint.projects.models import Project, ProjectSkill
from stint.recommendations.embedding import embed_texts, text_hash, to_bytes
from stint.recommendations.models import ProjectEmbedding, TalentEmbedding
from stint.recommendations.texts import project_text, talent_text
from stint.skills.models import Category
from stint.talent.models import TalentProfile

BATCH_SIZE = 500


def _project_rows(project_ids: list[Any]) -> list[tuple[Any, str, list[list[Any]]]]:
    """(project_id, text, packed skills) for the given projects."""
    skills: dict[Any, list[tuple[str, list[Any]]]] = {}
    for project_id, skill_id, label, required, level in ProjectSkill.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "skill_id", "skill__label", "required", "level"):
        skills.setdefault(project_id, []).append((label, [str(skill_id), bool(required), int(level), label]))
    rows = []
    for pk, title, summary, description in Project.objects.filter(pk__in=project_ids).values_list(
        "pk", "title", "summary", "description"
    ):
        entries = sorted(skills.get(pk, []), key=lambda e: e[1][0])
        rows.append((pk, project_text(title, summary, description, [e[0] for e in entries]), [e[1] for e in entries]))
    return rows


def project_embeddings_refresh(project_ids: Iterable[Any]) -> int:
    """Recompute the embeddings of these projects whose text changed. Returns how many were written."""
    ids = list(project_ids)
    written = 0
    for start in range(0, len(ids), BATCH_SIZE):
        rows = _project_rows(ids[start : start + BATCH_SIZE])
        current = dict(
            ProjectEmbedding.objects.filter(project_id__in=[r[0] for r in rows]).values_list("project_id", "text_hash")
        )
        stale = [(pk, text, skills, text_hash(text)) for pk, text, skills in rows]
        stale = [r for r in stale if current.get(r[0]) != r[3]]
        if not stale:
            continue
        vectors = embed_texts([r[1] for r in stale])
        objs = [
            ProjectEmbedding(project_id=pk, vector=to_bytes(vec), dims=len(vec), text_hash=h, skills=skills)
            for (pk, _text, skills, h), vec in zip(stale, vectors, strict=True)
        ]
        ProjectEmbedding.objects.bulk_create(
            objs,
            update_conflicts=True,
            unique_fields=["project"],
            update_fields=["vector", "dims", "text_hash", "skills", "computed_at"],
        )
        written += len(objs)
    return written


def project_embedding_refresh(project_id: Any) -> bool:
    return project_embeddings_refresh([project_id]) > 0


def _interest_names(interests: Iterable[Any], names: dict[str, str]) -> list[str]:
    return [names.get(str(slug), str(slug).replace("-", " ")) for slug in interests or []]


def talent_embeddings_refresh(profile_ids: Iterable[Any]) -> int:
    ids = list(profile_ids)
    names = dict(Category.objects.values_list("slug", "name"))
    written = 0
    for start in range(0, len(ids), BATCH_SIZE):
        profiles = list(
            TalentProfile.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).values_list(
                "pk", "career_goals", "target_roles", "interests"
            )
        )
        current = dict(
            TalentEmbedding.objects.filter(profile_id__in=[p[0] for p in profiles]).values_list(
                "profile_id", "text_hash"
            )
        )
        rows = []
        for pk, goals, roles, interests in profiles:
            text = talent_text(goals, roles if isinstance(roles, list) else [], _interest_names(interests, names))
            h = text_hash(text)
            if current.get(pk) != h:
                rows.append((pk, text, h))
        if not rows:
            continue
        vectors = embed_texts([r[1] for r in rows])
        objs = [
            TalentEmbedding(profile_id=pk, vector=to_bytes(vec), dims=len(vec), text_hash=h)
            for (pk, _text, h), vec in zip(rows, vectors, strict=True)
        ]
        TalentEmbedding.objects.bulk_create(
            objs,
            update_conflicts=True,
            unique_fields=["profile"],
            update_fields=["vector", "dims", "text_hash", "computed_at"],
        )
        written += len(objs)
    return written


def talent_embedding_refresh(profile_id: Any) -> bool:
    return talent_embeddings_refresh([profile_id]) > 0


def embed_all(*, projects: bool = True, talent: bool = True) -> dict[str, int]:
    """Bulk (re)computation for ``manage.py embed_all`` and the demo: only changed texts are written."""
    result = {"projects": 0, "talent": 0}
    if projects:
        result["projects"] = project_embeddings_refresh(Project.objects.values_list("pk", flat=True).iterator())
    if talent:
        result["talent"] = talent_embeddings_refresh(TalentProfile.objects.values_list("pk", flat=True).iterator())
    return result
