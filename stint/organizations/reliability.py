"""Public reliability figures of an organization, computed from real applications.

Definitions (also in docs/organizations.md):

* ``response_rate``: of the applications to the organization's projects that have an outcome on
  responsiveness, the share the company answered (shortlisted, offered, hired, rejected, or an
  offer the talent declined) by the project's response deadline. Applications that expired
  undecided, or were answered only after the deadline, count against it. Applications still
  waiting inside the deadline, and ones withdrawn before any answer, do not count.
* ``median_response_hours``: the median time from an application's submission to the company's
  first response (``first_response_at``), in hours.
* ``completion_rate`` and ``median_days_to_pay``: from the engagements app
  (``stint.engagements.selectors.engagement_stats_for_organization``): approved or paid engagements
  over ended ones, and the median days from the last submission to the payment.
* ``hires_from_stint``: how many different talent the organization hired through Stint
  (applications to its projects in status ``hired``); ``None`` before its first application.

``None`` means "no data yet"; ``has_data`` says whether any figure is known. The figures are cached
briefly per organization (``STINT_RELIABILITY_CACHE_SECONDS``, default 300).
"""

from __future__ import annotations

import logging
import statistics
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldError
from django.db import DatabaseError

logger = logging.getLogger(__name__)

DECIDED = ("shortlisted", "offered", "hired", "rejected", "declined")
EXPIRED = "expired"
FIGURES = ("response_rate", "median_response_hours", "completion_rate", "median_days_to_pay", "hires_from_stint")


def _cache_key(organization_id: Any) -> str:
    return f"organizations:reliability:{organization_id}"


def _cache_seconds() -> int:
    return int(getattr(settings, "STINT_RELIABILITY_CACHE_SECONDS", 300))


def empty_reliability() -> dict[str, Any]:
    figures: dict[str, Any] = dict.fromkeys(FIGURES)
    figures.update({"responses_counted": 0, "has_data": False})
    return figures


def _application_model() -> Any:
    try:
        return apps.get_model("applications", "Application")
    except LookupError:
        return None


def _response_figures(organization: Any) -> dict[str, Any]:
    model = _application_model()
    if model is None:
        return {}
    try:
        rows = list(
            model.objects.filter(project__organization=organization).values_list(
                "status", "created_at", "first_response_at", "project__response_deadline"
            )
        )
    except (FieldError, DatabaseError) as exc:  # the applications app is not in the agreed shape yet
        logger.warning("reliability: cannot read applications: %s", exc)
        return {}
    on_time = unanswered = 0
    hours: list[float] = []
    for status, created_at, first_response_at, deadline in rows:
        if first_response_at is not None and created_at is not None:
            hours.append(max(0.0, (first_response_at - created_at).total_seconds() / 3600))
        if status in DECIDED:
            if first_response_at is None or deadline is None or first_response_at <= deadline:
                on_time += 1
            else:
                unanswered += 1
        elif status == EXPIRED:
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


def _engagement_figures(organization: Any) -> dict[str, Any]:
    try:
        from stint.engagements.selectors import engagement_stats_for_organization
    except ImportError:  # pragma: no cover - the engagements app is part of the project
        return {}
    stats = engagement_stats_for_organization(organization)
    return {name: stats.get(name) for name in ("completion_rate", "median_days_to_pay")}


def _hire_figures(organization: Any) -> dict[str, Any]:
    model = _application_model()
    if model is None:
        return {}
    applications = model.objects.filter(project__organization=organization)
    try:
        if not applications.exists():
            return {}
        hired = applications.filter(status="hired").values("talent_id").distinct().count()
    except (FieldError, DatabaseError) as exc:
        logger.warning("reliability: cannot count hires: %s", exc)
        return {}
    return {"hires_from_stint": hired}


def organization_reliability_compute(organization: Any) -> dict[str, Any]:
    """The figures, computed now (no cache)."""
    figures = empty_reliability()
    figures.update(_response_figures(organization))
    figures.update(_engagement_figures(organization))
    figures.update(_hire_figures(organization))
    figures["has_data"] = any(figures[name] is not None for name in FIGURES)
    return figures


def organization_reliability(organization: Any) -> dict[str, Any]:
    """The organization's public reliability figures (cached for a few minutes)."""
    key = _cache_key(organization.pk)
    figures = cache.get(key)
    if figures is None:
        figures = organization_reliability_compute(organization)
        cache.set(key, figures, _cache_seconds())
    return dict(figures)


def organization_reliability_invalidate(organization: Any) -> None:
    cache.delete(_cache_key(organization.pk))
