from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from stint.core.api import Page, ProblemSchema, paginate
from stint.engagements import selectors
from stint.engagements.models import Engagement
from stint.engagements.schemas import EngagementOut

router = Router(tags=["engagements"])


def engagement_to_dict(engagement: Engagement) -> dict[str, Any]:
    return {
        "id": engagement.pk,
        "application_id": engagement.application_id,
        "project": {
            "id": engagement.project_id,
            "title": engagement.project.title,
            "organization_name": engagement.project.organization.name,
        },
        "status": engagement.status,
        "fee": engagement.fee.as_dict(),
        "due_date": engagement.due_date,
        "created_at": engagement.created_at,
    }


@router.get("/me/engagements", response={200: Page[EngagementOut], 401: ProblemSchema})
def my_engagements(request: HttpRequest, page: int = 1, page_size: int = 20):  # type: ignore[no-untyped-def]
    """The signed-in talent's engagements (hired work), newest first."""
    items, count = paginate(selectors.engagement_list_for_talent(talent=request.user), page, page_size)
    return {"items": [engagement_to_dict(e) for e in items], "count": count}
