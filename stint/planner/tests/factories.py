"""Helpers to build engagements and offers for planner tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from stint.applications.tests.factories import ApplicationFactory
from stint.engagements.models import Engagement
from stint.projects.tests.factories import ProjectFactory
from stint.talent.tests.factories import TalentProfileFactory


def today() -> datetime.date:
    return timezone.now().date()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def profile(user: Any, weekly_hours: int = 10, tz: str = "UTC") -> Any:
    return TalentProfileFactory(user=user, weekly_hours=weekly_hours, timezone=tz)


def project(organization: Any, *, hours: int = 20, start: int = 0, due: int = 13, **kw: Any) -> Any:
    """A project whose work runs from ``start`` to ``due`` days from today (deadlines before start)."""
    now = timezone.now()
    return ProjectFactory(
        organization=organization,
        estimated_hours=hours,
        start_date=days(start),
        due_date=days(due),
        application_deadline=kw.pop("application_deadline", now + datetime.timedelta(days=2)),
        response_deadline=kw.pop("response_deadline", now + datetime.timedelta(days=3)),
        **kw,
    )


def engagement(talent: Any, organization: Any, *, status: str = "active", **kw: Any) -> Any:
    p = project(organization, **kw)
    application: Any = ApplicationFactory(project=p, talent=talent, status="hired")
    return Engagement.objects.create(
        application=application,
        project=p,
        talent=talent,
        status=status,
        fee_minor=p.fee_minor,
        currency=p.currency,
        due_date=p.due_date,
    )


def offer(talent: Any, organization: Any, **kw: Any) -> Any:
    p = project(organization, **kw)
    return ApplicationFactory(
        project=p,
        talent=talent,
        status="offered",
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + datetime.timedelta(days=2),
    )
