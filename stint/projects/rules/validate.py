"""``project_validate`` and ``validate_and_resolve``: every check, in field order; what a draft may still break."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from stint.projects.choices import Visibility
from stint.projects.rules.base import MAX_DELIVERABLES, MAX_QUESTIONS, ResolvedProject, _err
from stint.projects.rules.checks import (
    _check_dates,
    _check_rubric,
    _check_text,
    _lines,
    _resolve_category,
    _resolve_skills,
    check_openings,
    check_size_and_pay,
)
from stint.projects.rules.zones import check_zone_language_overlap


def validate_and_resolve(
    data: dict[str, Any], *, now: datetime.datetime | None = None, organization_id: Any = None
) -> tuple[list[dict[str, str]], ResolvedProject]:
    """Check every rule; return the broken ones and the looked-up category and skills. With
    ``organization_id``, skills proposed by other organizations and not yet confirmed are unknown."""
    now = now or timezone.now()
    errors: list[dict[str, str]] = []
    resolved = ResolvedProject()
    _check_text(data, errors)
    resolved.category = _resolve_category(data.get("category"), errors)
    resolved.skills = _resolve_skills(data.get("skills"), errors, organization_id)
    _lines(data.get("deliverables"), "deliverables", MAX_DELIVERABLES, errors, "deliverable")
    if not data.get("deliverables"):
        _err(errors, "deliverables", "deliverables_required", _("List at least one deliverable."))
    check_size_and_pay(data, errors)
    check_zone_language_overlap(data, errors)
    _check_dates(data, errors, now)
    check_openings(data, errors)
    if data.get("visibility", Visibility.PUBLIC) not in Visibility.values:
        _err(errors, "visibility", "invalid_visibility", _("Visibility is public, unlisted or invite_only."))
    _lines(data.get("questions"), "questions", MAX_QUESTIONS, errors, "question")
    _check_rubric(data, errors)
    return errors, resolved


# Rules a draft may still break: saving keeps it (the editor shows what to fix), publishing refuses
# it. Everything else must hold for a draft to be stored at all.
DRAFT_TOLERATED_CODES = frozenset({"fee_below_minimum_rate"})


def draft_blocking(errors: list[dict[str, str]]) -> list[dict[str, str]]:
    """The broken rules that stop a draft from being saved (publishing needs all of them fixed)."""
    return [e for e in errors if e["code"] not in DRAFT_TOLERATED_CODES]


def project_validate(data: dict[str, Any], *, now: datetime.datetime | None = None) -> list[dict[str, str]]:
    """Every broken rule as ``{"field", "code", "message"}`` (empty when the project is valid)."""
    errors, _ = validate_and_resolve(data, now=now)
    return errors


def project_data_from_instance(project: Any) -> dict[str, Any]:
    """The validation input for a saved project (used to re-check the rules on publish)."""
    return {
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "category": project.category,
        "skills": [
            {"skill": str(ps.skill_id), "required": ps.required, "level": ps.level}
            for ps in project.project_skills.all()
        ],
        "deliverables": list(project.deliverables or []),
        "estimated_hours": project.estimated_hours,
        "fee_minor": project.fee_minor,
        "currency": project.currency,
        "openings": project.openings,
        "visibility": project.visibility,
        "application_deadline": project.application_deadline,
        "response_deadline": project.response_deadline,
        "start_date": project.start_date,
        "due_date": project.due_date,
        "questions": list(project.questions or []),
        "rubric": list(project.rubric or []),
        "max_applications": project.max_applications,
        "time_zone": project.time_zone,
        "language": project.language,
        "overlap_hours": project.overlap_hours,
        "overlap_start": project.overlap_start,
        "overlap_end": project.overlap_end,
    }
