"""The organization's reliability figures that applications hold: response rate, median response
time and hires (definitions in ``stint.organizations.reliability`` and docs/organizations.md).
Registered as a source of ``organization_reliability`` when Django starts (``ApplicationsConfig``)."""

from __future__ import annotations

import statistics
from typing import Any

from stint.applications.choices import ANSWERED_STATUSES, ApplicationStatus
from stint.applications.models import Application


def response_figures(organization: Any) -> dict[str, Any]:
    """The one definition of an organization's response rate (docs/organizations.md): of the
    applications with an outcome, the share the company answered by the response deadline; one it
    let expire, or answered late, counts as not answered. Median hours to the first answer."""
    rows = list(
        Application.objects.filter(project__organization=organization).values_list(
            "status", "created_at", "first_response_at", "project__response_deadline"
        )
    )
    on_time = unanswered = 0
    hours: list[float] = []
    for status, created_at, first_response_at, deadline in rows:
        if first_response_at is not None and created_at is not None:
            hours.append(max(0.0, (first_response_at - created_at).total_seconds() / 3600))
        if status in ANSWERED_STATUSES:
            if first_response_at is None or deadline is None or first_response_at <= deadline:
                on_time += 1
            else:
                unanswered += 1
        elif status == ApplicationStatus.EXPIRED:
            unanswered += 1
        elif first_response_at is not None:
            # Withdrawn (or otherwise closed) after the company had answered: it did answer.
            if deadline is None or first_response_at <= deadline:
                on_time += 1
            else:
                unanswered += 1
    counted = on_time + unanswered
    return {
        "response_rate": round(on_time / counted, 3) if counted else None,
        "median_response_hours": round(statistics.median(hours), 1) if hours else None,
        "responses_counted": counted,
    }


def hire_figures(organization: Any) -> dict[str, Any]:
    applications = Application.objects.filter(project__organization=organization)
    if not applications.exists():
        return {}
    hired = applications.filter(status=ApplicationStatus.HIRED).values("talent_id").distinct().count()
    return {"hires_from_stint": hired}


def application_reliability_figures(organization: Any) -> dict[str, Any]:
    """Both figure groups of one organization (the registered source)."""
    return {**response_figures(organization), **hire_figures(organization)}
