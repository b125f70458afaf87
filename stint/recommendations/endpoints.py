from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from stint.core.types import AuthedRequest
from stint.recommendations import selectors
from stint.recommendations.schemas import RankedApplicationOut, RecommendationOut

router = Router(tags=["recommendations"])


class RecommendationQuery(Schema):
    limit: int = Field(20, ge=1, le=100)
    language: str | None = Field(
        None,
        max_length=8,
        pattern="^[a-z]{2}$",
        description="Only projects written in this language (ISO 639-1 code, e.g. de, pt)",
    )


def recommendation_payload(rec: Any) -> dict[str, Any]:
    project = rec.project
    return {
        "project": {
            "id": project.pk,
            "title": project.title,
            "summary": project.summary,
            "organization": {"id": project.organization.pk, "name": project.organization.name},
            "fee": {"amount_minor": project.fee_minor, "currency": project.currency},
            "hourly_rate": {"amount_minor": project.hourly_rate_minor, "currency": project.currency},
            "estimated_hours": project.estimated_hours,
            "due_date": project.due_date,
        },
        "score": rec.score,
        "reasons": rec.reasons,
    }


@router.get("/me/recommendations", response=list[RecommendationOut], summary="Projects recommended for me")
def my_recommendations(request: HttpRequest, query: Query[RecommendationQuery]):
    """Open projects ranked for the signed-in talent, best first, each with a score (0–1) and
    plain-language reasons (including the working-hours overlap and the project's language when they
    apply). Projects that fit your free hours come first, then those in a language you list on your
    profile, then those whose overlap need your working hours meet. Talent only (others: 403
    ``talent_role_required``)."""
    recs = selectors.recommend_projects_for_talent(request.user, limit=query.limit, language=query.language)
    return [recommendation_payload(r) for r in recs]


@router.get(
    "/projects/{project_id}/applications/ranked",
    response=list[RankedApplicationOut],
    summary="A project's applications ranked by fit",
)
def ranked_applications(request: AuthedRequest, project_id: uuid.UUID):
    """For members of the project's organization: every application, best fit first, with reasons.
    The ranking never uses names, photos, age, gender, nationality or education (docs/matching.md).
    Anyone else: 404."""
    ranked = selectors.ranked_applications_for_project(user=request.user, project_id=project_id)
    return [
        {
            "application": {"id": a.pk, "status": a.status, "talent_id": a.talent_id, "created_at": a.created_at},
            "score": score,
            "reasons": reasons,
        }
        for a, score, reasons in ranked
    ]
