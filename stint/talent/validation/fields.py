"""One cleaner per list field of a profile; each adds its problems to the shared error list."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from stint.skills.models import Category, Skill
from stint.talent.validation.base import (
    BLOCKED_MAX_DAYS_AHEAD,
    BLOCKED_REASON_MAX,
    GRADUATION_YEAR_MIN,
    GRADUATION_YEARS_AHEAD,
    INSTITUTION_MAX,
    INTEREST_MAX_CHARS,
    PROGRAMME_MAX,
    SKILL_LEVEL_MAX,
    SKILL_LEVEL_MIN,
    WEEKLY_HOURS_MAX,
    _date,
    _Errors,
    _int,
    _text,
    strip_nul,
)


def _clean_education(errors: _Errors, items: list[Any]) -> list[dict[str, Any]]:
    this_year = timezone.localdate().year
    max_year = this_year + GRADUATION_YEARS_AHEAD
    out = []
    for i, item in enumerate(items):
        prefix = f"education.{i}"
        if not isinstance(item, dict):
            errors.add(prefix, "invalid_type", gettext("Each education entry must be an object."))
            continue
        institution = _text(
            errors,
            item.get("institution"),
            f"{prefix}.institution",
            max_chars=INSTITUTION_MAX,
            code="education_too_long",
            label=gettext_lazy("The institution"),
        )
        programme = _text(
            errors,
            item.get("programme"),
            f"{prefix}.programme",
            max_chars=PROGRAMME_MAX,
            code="education_too_long",
            label=gettext_lazy("The programme"),
        )
        if institution == "":
            errors.add(f"{prefix}.institution", "education_institution_required", gettext("Name the institution."))
        year_raw = item.get("graduation_year")
        year: int | None = None
        if year_raw not in (None, ""):
            year = _int(year_raw)
            if year is None or not GRADUATION_YEAR_MIN <= year <= max_year:
                errors.add(
                    f"{prefix}.graduation_year",
                    "invalid_graduation_year",
                    gettext("The graduation year must be between %(min)s and %(max)s.")
                    % {"min": GRADUATION_YEAR_MIN, "max": max_year},
                )
                year = None
        if institution and programme is not None:
            out.append({"institution": institution, "programme": programme, "graduation_year": year})
    return out


def _clean_skills(errors: _Errors, items: list[Any]) -> list[tuple[Any, int]]:
    wanted: list[tuple[int, str, int | None]] = []
    for i, item in enumerate(items):
        prefix = f"skills.{i}"
        if not isinstance(item, dict):
            errors.add(prefix, "invalid_type", gettext("Each skill must be an object with skill and level."))
            continue
        ref = item.get("skill")
        if isinstance(ref, uuid.UUID):
            ref = str(ref)
        if not isinstance(ref, str) or not strip_nul(ref).strip():
            errors.add(f"{prefix}.skill", "unknown_skill", gettext("Choose a skill from the list."))
            continue
        level = _int(item.get("level"))
        if level is None or not SKILL_LEVEL_MIN <= level <= SKILL_LEVEL_MAX:
            errors.add(
                f"{prefix}.level",
                "invalid_skill_level",
                gettext("The level must be a whole number from %(min)s to %(max)s.")
                % {"min": SKILL_LEVEL_MIN, "max": SKILL_LEVEL_MAX},
            )
            level = None
        wanted.append((i, strip_nul(ref).strip(), level))
    ids, slugs = set(), set()
    for _, ref, _ in wanted:
        try:
            ids.add(uuid.UUID(ref))
        except ValueError:
            slugs.add(ref.lower())
    found: dict[str, Any] = {}
    if ids or slugs:
        from django.db.models import Q

        for row in Skill.objects.select_related("category").filter(Q(pk__in=ids) | Q(slug__in=slugs)):
            found[str(row.pk)] = row
            found[row.slug] = row
    out: list[tuple[Any, int]] = []
    seen: set[Any] = set()
    for i, ref, level in wanted:
        try:
            key = str(uuid.UUID(ref))
        except ValueError:
            key = ref.lower()
        skill = found.get(key)
        if skill is None:
            errors.add(
                f"skills.{i}.skill",
                "unknown_skill",
                gettext("“%(name)s” is not a skill in Stint's list.") % {"name": ref[:60]},
            )
            continue
        if skill.pk in seen:
            errors.add(
                f"skills.{i}.skill", "duplicate_skill", gettext("%(skill)s is listed twice.") % {"skill": skill.label}
            )
            continue
        seen.add(skill.pk)
        if level is not None:
            out.append((skill, level))
    return out


def _clean_interests(errors: _Errors, items: list[Any]) -> list[str]:
    """Category slugs (matched by slug or name, case-insensitively) are stored as the slug; anything
    else is kept as a free-text industry ("renewable energy")."""
    categories = {c.slug.lower(): c.slug for c in Category.objects.only("slug")}
    names = {name.lower(): slug for slug, name in Category.objects.values_list("slug", "name")}
    out: list[str] = []
    for i, item in enumerate(items):
        value = _text(
            errors,
            item,
            f"interests.{i}",
            max_chars=INTEREST_MAX_CHARS,
            code="interest_too_long",
            label=gettext_lazy("An interest"),
        )
        if not value:
            continue
        value = categories.get(value.lower()) or names.get(value.lower()) or value
        if value.lower() not in {v.lower() for v in out}:
            out.append(value)
    return out


def _clean_blocked_periods(errors: _Errors, items: list[Any], weekly_hours: int | None) -> list[dict[str, Any]]:
    latest = timezone.localdate() + dt.timedelta(days=BLOCKED_MAX_DAYS_AHEAD)
    out = []
    for i, item in enumerate(items):
        prefix = f"blocked_periods.{i}"
        if not isinstance(item, dict):
            errors.add(prefix, "invalid_type", gettext("Each blocked period must be an object."))
            continue
        start, end = _date(item.get("start")), _date(item.get("end"))
        ok = True
        if start is None:
            errors.add(f"{prefix}.start", "invalid_date", gettext("Give the first day as YYYY-MM-DD."))
            ok = False
        if end is None:
            errors.add(f"{prefix}.end", "invalid_date", gettext("Give the last day as YYYY-MM-DD."))
            ok = False
        if start and end and end < start:
            errors.add(
                f"{prefix}.end", "blocked_period_end_before_start", gettext("The last day is before the first day.")
            )
            ok = False
        if end and end > latest:
            errors.add(
                f"{prefix}.end",
                "blocked_period_too_far_ahead",
                gettext("Blocked periods can reach at most two years ahead (until %(date)s).")
                % {"date": latest.isoformat()},
            )
            ok = False
        reason = _text(
            errors,
            item.get("reason"),
            f"{prefix}.reason",
            max_chars=BLOCKED_REASON_MAX,
            code="blocked_reason_too_long",
            label=gettext_lazy("The reason"),
        )
        capacity_raw = item.get("capacity_hours")
        capacity: int | None = None
        if capacity_raw not in (None, ""):
            capacity = _int(capacity_raw)
            if capacity is None or not 0 <= capacity <= WEEKLY_HOURS_MAX:
                errors.add(
                    f"{prefix}.capacity_hours",
                    "invalid_capacity_hours",
                    gettext("Reduced weekly hours must be between 0 and %(max)s.") % {"max": WEEKLY_HOURS_MAX},
                )
                ok = False
            elif weekly_hours is not None and capacity > weekly_hours:
                errors.add(
                    f"{prefix}.capacity_hours",
                    "invalid_capacity_hours",
                    gettext("Reduced weekly hours cannot exceed your usual weekly hours."),
                )
                ok = False
        if ok and reason is not None:
            out.append({"start": start, "end": end, "reason": reason, "capacity_hours": capacity})
    return out
