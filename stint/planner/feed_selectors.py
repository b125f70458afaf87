"""Reads of the calendar feed (``stint.planner.ical``): what a talent's iCalendar lists."""

from __future__ import annotations

from typing import Any

from stint.applications.choices import UNDECIDED_STATUSES
from stint.applications.models import Application
from stint.core.types import Actor, User
from stint.engagements.choices import WORKING_STATUSES, EngagementStatus
from stint.engagements.models import Engagement, Milestone
from stint.talent.models import BlockedPeriod


def open_application_deadlines(user: Actor) -> list[Any]:
    return list(Application.objects.filter(talent_id=user.pk, status__in=UNDECIDED_STATUSES).select_related("project"))


def feed_engagements(user: Actor) -> list[Any]:
    return list(
        Engagement.objects.filter(talent_id=user.pk, status__in=(*WORKING_STATUSES, EngagementStatus.SUBMITTED))
        .select_related("project", "project__organization")
        .order_by("due_date")
    )


def feed_milestones(engagement_ids: list[Any]) -> list[Any]:
    if not engagement_ids:
        return []
    return list(
        Milestone.objects.filter(engagement_id__in=engagement_ids, due_date__isnull=False).select_related(
            "engagement", "engagement__project"
        )
    )


def blocked_periods(user: User) -> list[Any]:
    return list(BlockedPeriod.objects.filter(profile__user_id=user.pk).order_by("start"))
