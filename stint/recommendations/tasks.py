"""Embedding tasks: enqueued on commit after a project, talent profile or one of their skills is saved."""

from __future__ import annotations

from stint.core.taskqueue import stint_task


@stint_task
def embed_project_task(project_id: str) -> bool:
    from stint.recommendations.services import project_embedding_refresh

    return project_embedding_refresh(project_id)


@stint_task
def embed_talent_task(profile_id: str) -> bool:
    from stint.recommendations.services import talent_embedding_refresh

    return talent_embedding_refresh(profile_id)
