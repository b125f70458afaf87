"""Reads of the recommendations app, scoped to the actor."""

from __future__ import annotations

from typing import Any

from stint.recommendations.ranking import rank_applicants
from stint.recommendations.recommender import Recommendation, recommend_projects_for_talent

__all__ = ["Recommendation", "rank_applicants", "ranked_applications_for_project", "recommend_projects_for_talent"]


def ranked_applications_for_project(*, user: Any, project_id: Any) -> list[tuple[Any, float, list[str]]]:
    """The project's applications ranked by fit, for a member of its organization (404 otherwise)."""
    from stint.applications.selectors import application_list_for_project, project_get_for_company

    project = project_get_for_company(user=user, project_id=project_id)
    applications = list(application_list_for_project(user=user, project_id=project.pk))
    project = type(project).objects.select_related("category").get(pk=project.pk)
    return rank_applicants(project, applications)
