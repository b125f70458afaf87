"""Reads of the recommendations app, scoped to the actor."""

from __future__ import annotations

from typing import Any

from stint.applications.models import Application
from stint.applications.selectors import DEFAULT_SORT, application_list_for_project, project_get_for_company
from stint.core.types import User
from stint.recommendations.ranking import rank_applicants
from stint.recommendations.recommender import Recommendation, recommend_projects_for_talent

__all__ = ["Recommendation", "rank_applicants", "ranked_applications_for_project", "recommend_projects_for_talent"]


def ranked_applications_for_project(*, user: User, project_id: Any) -> list[tuple[Any, float, list[str]]]:
    """The project's applications ranked by fit, for a member of its organization (404 otherwise)."""
    project = project_get_for_company(user=user, project_id=project_id)
    applications = list(application_list_for_project(user=user, project_id=project.pk))
    project = type(project).objects.select_related("category").get(pk=project.pk)
    return rank_applicants(project, applications)


def application_list_ranked(
    *, user: User, project_id: Any, sort: str = DEFAULT_SORT
) -> list[tuple[Application, float | None, list[str]]]:
    """The applicant list as ``[(application, fit score or None, reasons)]``.

    With ``sort="fit"`` (the default) the list is ranked by fit, best first, with plain-language
    reasons (``stint.recommendations.ranking.rank_applicants``: skills, goals, relevant completed
    projects, reviews received and availability; never names, photos, age, gender, nationality or
    institution). Any other sort orders by that column and still shows each applicant's fit.
    """
    qs = application_list_for_project(user=user, project_id=project_id, sort=sort)
    applications = list(qs)
    if not applications:
        return []
    project = applications[0].project
    ranked = rank_applicants(project, applications)
    if sort == "fit":
        return [(a, score, reasons) for a, score, reasons in ranked]
    fit = {a.pk: (score, reasons) for a, score, reasons in ranked}
    return [(a, *fit.get(a.pk, (None, []))) for a in applications]
