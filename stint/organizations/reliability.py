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
  (``stint.engagements.selectors.engagement_stats_for_organization``, registered as a source): approved or paid engagements
  over ended ones, and the median days from the last submission to the payment.
* ``hires_from_stint``: how many different talent the organization hired through Stint
  (applications to its projects in status ``hired``); ``None`` before its first application.

The response and hire figures are computed in ``stint.applications.reliability``, next to the
rows they read; both apps register their source here (``register_reliability_source``).

``None`` means "no data yet"; ``has_data`` says whether any figure is known. The figures are cached
briefly per organization (``STINT_RELIABILITY_CACHE_SECONDS``, default 300).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel.numbers import format_percent
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stint.core.formatting import babel_locale, format_number

FIGURES = ("response_rate", "median_response_hours", "completion_rate", "median_days_to_pay", "hires_from_stint")


def _cache_key(organization_id: Any) -> str:
    return f"organizations:reliability:{organization_id}"


def _cache_seconds() -> int:
    return settings.STINT_RELIABILITY_CACHE_SECONDS


def empty_reliability() -> dict[str, Any]:
    figures: dict[str, Any] = dict.fromkeys(FIGURES)
    figures.update({"responses_counted": 0, "has_data": False})
    return figures


# Each source is ``source(organization) -> dict`` of some of the figures. The apps that hold the
# data register theirs when Django starts (``ready``): applications (response rate, response
# time, hires) and engagements (completion, days to pay). The organizations app sits below both
# and reads neither table itself.
_SOURCES: list[Callable[[Any], dict[str, Any]]] = []


def register_reliability_source(source: Callable[[Any], dict[str, Any]]) -> None:
    """Add a source of figures (idempotent: registering the same function twice counts once)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def organization_reliability_compute(organization: Any) -> dict[str, Any]:
    """The figures, computed now (no cache)."""
    figures = empty_reliability()
    for source in _SOURCES:
        figures.update(source(organization))
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


def _plural_n(value: Any) -> int:
    """The count that picks a plural form: a fraction reads as plural ("1.5 hours")."""
    return int(value) if float(value).is_integer() else 2


def reliability_rows(figures: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The figures as label/value pairs for every page that shows them (the organization's public
    page and dashboard, the project page); ``None`` values read "no data yet". The API serves the
    figures themselves (``organization_reliability``), so pages and API read the same numbers."""
    figures = figures or {}

    def pct(v: Any) -> str | None:
        return None if v is None else format_percent(v, locale=babel_locale())

    def hours(v: Any) -> str | None:
        return (
            None
            if v is None
            else ngettext("%(count)s hour", "%(count)s hours", _plural_n(v)) % {"count": format_number(v)}
        )

    def days(v: Any) -> str | None:
        return (
            None
            if v is None
            else ngettext("%(count)s day", "%(count)s days", _plural_n(v)) % {"count": format_number(v)}
        )

    return [
        {
            "label": _("Response rate"),
            "value": pct(figures.get("response_rate")),
            "help": _("Applications answered by the project's response deadline."),
        },
        {
            "label": _("Median time to first response"),
            "value": hours(figures.get("median_response_hours")),
            "help": _("From an application to the company's first answer."),
        },
        {
            "label": _("Completion rate"),
            "value": pct(figures.get("completion_rate")),
            "help": _("Engagements approved and paid, of those that ended (paid or cancelled)."),
        },
        {
            "label": _("Median time to pay"),
            "value": days(figures.get("median_days_to_pay")),
            "help": _("From the delivery of the work to the fee reaching the talent."),
        },
        {
            "label": _("Micro-interns hired"),
            "value": None if figures.get("hires_from_stint") is None else str(figures["hires_from_stint"]),
            "help": _("Different talent hired for a project through Stint."),
        },
    ]
