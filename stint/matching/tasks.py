"""The indexing cycle and the saved-search digests."""

from __future__ import annotations

from typing import Any

from stint.core.scheduler import register_periodic
from stint.core.taskqueue import stint_task
from stint.projects.models import Project


@stint_task
def index_project_task(project_id: str) -> bool:
    from stint.matching.indexing import index_project

    return index_project(project_id)


@stint_task
def index_organization_projects_task(organization_id: str) -> int:
    from stint.matching.indexing import reindex_projects

    return reindex_projects(list(Project.objects.filter(organization_id=organization_id).values_list("pk", flat=True)))


@stint_task
def sweep_search_index() -> dict[str, Any]:
    from stint.matching.indexing import sweep_index

    return sweep_index()


@stint_task
def send_saved_search_digests() -> int:
    from stint.matching.services import send_due_digests

    return send_due_digests()


register_periodic("matching.sweep_search_index", sweep_search_index, every_seconds=60)
register_periodic("matching.send_saved_search_digests", send_saved_search_digests, every_seconds=3600)
