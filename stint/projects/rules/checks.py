"""One check per group of project fields; each appends ``{field, code, message}`` to ``errors``."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from stint.core.timezones import end_of_day, get_zone, start_of_day
from stint.projects.choices import MAX_DURATION_DAYS, MAX_HOURS, MIN_DURATION_DAYS, MIN_HOURS
from stint.projects.rules.base import (
    MAX_DESCRIPTION,
    MAX_LINE,
    MAX_OPENINGS,
    MAX_RUBRIC_CRITERIA,
    MAX_RUBRIC_WEIGHT,
    MAX_SKILLS,
    MAX_SUMMARY,
    MAX_TITLE,
    MIN_OPENINGS,
    _as_int,
    _err,
    _is_uuid,
    _text,
)
from stint.projects.rules.pay import min_hourly_rate_minor, minimum_fee, pay_floor_message, supported_currencies
from stint.projects.rules.zones import project_zone_name
from stint.skills.models import Category, Skill
from stint.skills.proposals import skills_not_usable_by


def _resolve_category(value: Any, errors: list[dict[str, str]]) -> Category | None:
    if isinstance(value, Category):
        return value
    text = _text(value) if not isinstance(value, uuid.UUID) else str(value)
    if not text:
        _err(errors, "category", "category_required", _("Choose a category."))
        return None
    qs = Category.objects.filter(pk=text) if _is_uuid(text) else Category.objects.filter(slug=text)
    category = qs.first()
    if category is None:
        _err(errors, "category", "unknown_category", _("There is no category “%(category)s”.") % {"category": text})
    return category


def _normalise_skill_refs(value: Any) -> list[tuple[str, bool, int]]:
    refs: list[tuple[str, bool, int]] = []
    for item in value or []:
        if isinstance(item, dict):
            ref = item.get("skill") or item.get("id") or item.get("slug") or ""
            required = bool(item.get("required", True))
            level = item.get("level", 3)
            refs.append((str(ref), required, level if isinstance(level, int) else 3))
        else:
            refs.append((str(item), True, 3))
    return refs


def _resolve_skills(
    value: Any, errors: list[dict[str, str]], organization_id: Any = None
) -> list[tuple[Skill, bool, int]]:
    refs = _normalise_skill_refs(value)
    if len(refs) > MAX_SKILLS:
        _err(errors, "skills", "too_many_skills", _("List at most %(count)s skills.") % {"count": MAX_SKILLS})
    ids = [r for r, _, _ in refs if _is_uuid(r)]
    slugs = [r for r, _, _ in refs if not _is_uuid(r)]
    found: dict[str, Skill] = {}
    if ids or slugs:
        for row in Skill.objects.filter(pk__in=ids) | Skill.objects.filter(slug__in=slugs):
            found[str(row.pk)] = row
            found[row.slug] = row
        # A skill another organization proposed is not usable until staff confirm it (skills/proposals.py).
        if organization_id is not None:
            hidden = skills_not_usable_by(skill_ids={s.pk for s in found.values()}, organization_id=organization_id)
            found = {ref: s for ref, s in found.items() if s.pk not in hidden}
    resolved: list[tuple[Skill, bool, int]] = []
    seen: set[Any] = set()
    for ref, required, level in refs:
        skill = found.get(ref)
        if skill is None:
            _err(
                errors, "skills", "unknown_skill", _("There is no skill “%(skill)s” in the taxonomy.") % {"skill": ref}
            )
            continue
        if not 1 <= level <= 5:
            _err(errors, "skills", "skill_level_out_of_range", _("A skill level is between 1 and 5."))
            continue
        if skill.pk in seen:
            continue
        seen.add(skill.pk)
        resolved.append((skill, required, level))
    if not any(required for _, required, _ in resolved) and not any(e["code"] == "unknown_skill" for e in errors):
        _err(errors, "skills", "required_skill_missing", _("Name at least one required skill."))
    return resolved


def _line_messages(label: str) -> tuple[str, str, str]:
    """The three messages about a list of lines (``label`` is "deliverable" or "question")."""
    if label == "question":
        return (
            _("Remove the empty question."),
            _("List at most %(count)s questions."),
            _("Keep each question under %(count)s characters."),
        )
    return (
        _("Remove the empty deliverable."),
        _("List at most %(count)s deliverables."),
        _("Keep each deliverable under %(count)s characters."),
    )


def _lines(value: Any, field_name: str, limit: int, errors: list[dict[str, str]], label: str) -> list[str]:
    items = [_text(v) for v in (value or [])]
    empty, too_many, too_long = _line_messages(label)
    if any(not v for v in items):
        _err(errors, field_name, f"{field_name}_empty", empty)
    if len(items) > limit:
        _err(errors, field_name, f"too_many_{field_name}", too_many % {"count": limit})
    if any(len(v) > MAX_LINE for v in items):
        _err(errors, field_name, f"{field_name}_too_long", too_long % {"count": MAX_LINE})
    return items


def _check_text(data: dict[str, Any], errors: list[dict[str, str]]) -> None:
    for name, limit, required, too_long in (
        ("title", MAX_TITLE, _("Give the project a title."), _("Keep the title under %(count)s characters.")),
        (
            "summary",
            MAX_SUMMARY,
            _("Give the project a one-line summary."),
            _("Keep the summary under %(count)s characters."),
        ),
        (
            "description",
            MAX_DESCRIPTION,
            _("Give the project a description."),
            _("Keep the description under %(count)s characters."),
        ),
    ):
        value = _text(data.get(name))
        if not value:
            _err(errors, name, f"{name}_required", required)
        elif len(value) > limit:
            _err(errors, name, f"{name}_too_long", too_long % {"count": limit})


def check_size_and_pay(data: dict[str, Any], errors: list[dict[str, str]]) -> None:
    """Hours in range, a supported currency, a fee at or above the pay floor (editor, API, import)."""
    hours = _as_int(data.get("estimated_hours"))
    if hours is None:
        _err(errors, "estimated_hours", "hours_required", _("Estimate the hours the work takes."))
    elif not MIN_HOURS <= hours <= MAX_HOURS:
        _err(
            errors,
            "estimated_hours",
            "hours_out_of_range",
            _("A micro-internship takes between %(min)s and %(max)s hours; you estimated %(hours)s.")
            % {"min": MIN_HOURS, "max": MAX_HOURS, "hours": hours},
        )
    currency = _text(data.get("currency")).upper()
    fee = _as_int(data.get("fee_minor"))
    if min_hourly_rate_minor(currency) is None:
        _err(
            errors,
            "fee.currency",
            "unsupported_currency",
            _("“%(currency)s” is not a supported currency (use %(currencies)s).")
            % {"currency": currency or "—", "currencies": ", ".join(supported_currencies())},
        )
        return
    if fee is None or fee <= 0:
        _err(errors, "fee", "fee_required", _("Set the fee you pay for the work (unpaid projects are not allowed)."))
        return
    if hours is not None and hours > 0:
        floor = minimum_fee(hours, currency)
        if floor is not None and fee < floor.amount_minor:
            _err(errors, "fee", "fee_below_minimum_rate", pay_floor_message(hours, currency))


def check_duration(start: datetime.date, due: datetime.date, errors: list[dict[str, str]]) -> None:
    """The work takes ``MIN_DURATION_DAYS`` to ``MAX_DURATION_DAYS`` (editor, API, import)."""
    if not MIN_DURATION_DAYS <= (due - start).days <= MAX_DURATION_DAYS:
        _err(
            errors,
            "due_date",
            "due_date_out_of_range",
            _(
                "The due date must be %(min_days)s days to %(max_weeks)s weeks after the start "
                "(between %(earliest)s and %(latest)s)."
            )
            % {
                "min_days": MIN_DURATION_DAYS,
                "max_weeks": MAX_DURATION_DAYS // 7,
                "earliest": f"{start + datetime.timedelta(days=MIN_DURATION_DAYS):%Y-%m-%d}",
                "latest": f"{start + datetime.timedelta(days=MAX_DURATION_DAYS):%Y-%m-%d}",
            },
        )


def _check_dates(data: dict[str, Any], errors: list[dict[str, str]], now: datetime.datetime) -> None:
    # Dates are days in the project's time zone (docs/projects.md, "Dates and time zones").
    zone = get_zone(project_zone_name(data))
    today = timezone.localtime(now, zone).date()
    start = data.get("start_date")
    due = data.get("due_date")
    app_deadline = data.get("application_deadline")
    resp_deadline = data.get("response_deadline")
    if not isinstance(start, datetime.date):
        _err(errors, "start_date", "start_date_required", _("Set the start date."))
        start = None
    elif start < today:
        _err(errors, "start_date", "start_date_in_past", _("The start date is in the past."))
    if not isinstance(due, datetime.date):
        _err(errors, "due_date", "due_date_required", _("Set the due date."))
        due = None
    elif start is not None:
        check_duration(start, due, errors)
    if not isinstance(app_deadline, datetime.datetime):
        _err(errors, "application_deadline", "application_deadline_required", _("Set the application deadline."))
        app_deadline = None
    else:
        if app_deadline <= now:
            _err(
                errors,
                "application_deadline",
                "application_deadline_in_past",
                _("The application deadline has passed."),
            )
        if start is not None and app_deadline >= start_of_day(start, zone):
            _err(
                errors,
                "application_deadline",
                "application_deadline_after_start",
                _("Applications must close before the start date."),
            )
    if not isinstance(resp_deadline, datetime.datetime):
        _err(errors, "response_deadline", "response_deadline_required", _("Set the response deadline."))
        return
    if app_deadline is not None and resp_deadline <= app_deadline:
        _err(
            errors,
            "response_deadline",
            "response_deadline_before_application_deadline",
            _("The response deadline must come after the application deadline: applicants hear back after applying."),
        )
    if due is not None and resp_deadline > end_of_day(due, zone):
        _err(
            errors,
            "response_deadline",
            "response_deadline_after_due_date",
            _("The response deadline cannot be after the due date."),
        )


def check_openings(data: dict[str, Any], errors: list[dict[str, str]]) -> None:
    """Openings in range and a cap on applications no lower than the openings (editor, API, import)."""
    openings = _as_int(data.get("openings"))
    if openings is None or not MIN_OPENINGS <= openings <= MAX_OPENINGS:
        _err(
            errors,
            "openings",
            "openings_out_of_range",
            _("Openings must be %(min)s to %(max)s.") % {"min": MIN_OPENINGS, "max": MAX_OPENINGS},
        )
        openings = None
    cap = data.get("max_applications")
    if cap is not None:
        cap_int = _as_int(cap)
        if cap_int is None or cap_int < 1:
            _err(
                errors, "max_applications", "max_applications_invalid", _("The cap on applications is a whole number.")
            )
        elif openings is not None and cap_int < openings:
            _err(
                errors,
                "max_applications",
                "max_applications_below_openings",
                _("Accept at least as many applications as openings (%(openings)s).") % {"openings": openings},
            )


def _check_rubric(data: dict[str, Any], errors: list[dict[str, str]]) -> None:
    rubric = data.get("rubric") or []
    if not isinstance(rubric, list):
        _err(errors, "rubric", "rubric_invalid", _("The rubric is a list of criteria with weights."))
        return
    if len(rubric) > MAX_RUBRIC_CRITERIA:
        _err(
            errors,
            "rubric",
            "rubric_too_many_criteria",
            _("Use at most %(count)s rubric criteria.") % {"count": MAX_RUBRIC_CRITERIA},
        )
    for item in rubric:
        criterion = _text(item.get("criterion")) if isinstance(item, dict) else ""
        weight = _as_int(item.get("weight")) if isinstance(item, dict) else None
        if not criterion:
            _err(errors, "rubric", "rubric_criterion_required", _("Every rubric row needs a criterion."))
        elif len(criterion) > MAX_LINE:
            _err(
                errors,
                "rubric",
                "rubric_criterion_too_long",
                _("Keep criteria under %(count)s characters.") % {"count": MAX_LINE},
            )
        if weight is None or not 1 <= weight <= MAX_RUBRIC_WEIGHT:
            _err(
                errors,
                "rubric",
                "rubric_weight_invalid",
                _("Rubric weights are whole numbers from 1 to %(max)s.") % {"max": MAX_RUBRIC_WEIGHT},
            )
