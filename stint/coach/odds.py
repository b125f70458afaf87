"""Honest odds: how many applied for how many openings, and where the talent's fit would rank
among the current applicants, as a band (docs/coach.md "Honest odds").

The fit is the company's own: ``stint.recommendations.selectors.rank_applicants``, the function
behind the ranked applicant list, run over the project's current applicants plus the talent as an
unsaved application (nothing is written). Only the talent's own score, reasons and band leave
this module; never another applicant's letter, score, rank or identity. With fewer than
``MIN_OTHERS_FOR_BAND`` other applicants no band is given: a band among two or three people would
say too much about them.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from stint.applications.choices import ACTIVE_STATUSES, ApplicationStatus
from stint.applications.models import Application
from stint.applications.services import openings_taken
from stint.projects.models import Project
from stint.recommendations.selectors import rank_applicants

MIN_OTHERS_FOR_BAND = 4
# (the share of applicants at or above you, at most → band)
BANDS: tuple[tuple[float, str, Any], ...] = (
    (0.25, "top_quarter", gettext_lazy("in the top quarter")),
    (0.5, "upper_half", gettext_lazy("in the upper half")),
    (1.0, "lower_half", gettext_lazy("in the lower half")),
)


def band_for(position: int, total: int) -> tuple[str, str]:
    """The band of the applicant at 0-based ``position`` among ``total`` (the best is 0)."""
    share = (position + 1) / total
    for limit, code, label in BANDS:
        if share <= limit:
            return code, str(label)
    return BANDS[-1][1], str(BANDS[-1][2])


def odds_for(*, talent: Any, project: Project) -> dict[str, Any]:
    received = (
        Application.objects.filter(project_id=project.pk)
        .exclude(talent_id=talent.pk)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .count()
    )
    others = list(
        Application.objects.filter(project_id=project.pk, status__in=ACTIVE_STATUSES)
        .exclude(talent_id=talent.pk)
        .only("id", "talent_id", "project_id", "created_at")
    )
    openings_left = max(0, project.openings - openings_taken(project_id=project.pk))
    out: dict[str, Any] = {
        "applications_received": received,
        "current_applicants": len(others),
        "openings": project.openings,
        "openings_left": openings_left,
        "band": None,
        "band_label": "",
        "fit_score": None,
        "fit_reasons": [],
    }
    me = Application(project_id=project.pk, talent_id=talent.pk, created_at=timezone.now())
    ranked_project = Project.objects.select_related("category").get(pk=project.pk)
    ranked = rank_applicants(ranked_project, [*others, me])
    position = next(i for i, (application, _, _) in enumerate(ranked) if application is me)
    _, score, reasons = ranked[position]
    out["fit_score"], out["fit_reasons"] = round(score, 4), reasons
    if len(others) >= MIN_OTHERS_FOR_BAND:
        out["band"], out["band_label"] = band_for(position, len(ranked))
    return out
