from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from stint.engagements.models import Engagement


def engagement_list_for_talent(*, talent: Any) -> QuerySet[Engagement]:
    if not getattr(talent, "is_authenticated", False):
        return Engagement.objects.none()
    return Engagement.objects.filter(talent=talent).select_related("project", "project__organization")
