"""Writes on engagements. Only the hire exists so far; the engagements issue adds the lifecycle."""

from __future__ import annotations

from typing import Any

from stint.core.audit import audit_log
from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Engagement


def engagement_create_for_hire(*, application: Any, actor: Any) -> Engagement:
    """Create the active engagement of a hired application (called by ``application_accept`` inside
    its transaction, after it locked the project). Idempotent: one engagement per application."""
    project = application.project
    engagement, created = Engagement.objects.get_or_create(
        application=application,
        defaults={
            "project": project,
            "talent_id": application.talent_id,
            "status": EngagementStatus.ACTIVE,
            "fee_minor": project.fee_minor,
            "currency": project.currency,
            "due_date": project.due_date,
        },
    )
    if created:
        audit_log(actor, "engagement.created", engagement, {"application": str(application.pk)})
    return engagement
