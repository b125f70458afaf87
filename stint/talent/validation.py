"""Validation of talent profile input, shared by the JSON API, the HTML form and the importer.

``clean_profile_input(data)`` takes loosely typed input (JSON values or form strings) and returns a
``CleanProfile`` or raises ``ValidationFailed``. Every rule has a stable code (see docs/talent.md);
all problems found are listed in ``errors`` (each with ``field``, ``message`` and ``code``) and the
error's own ``code`` is the first problem's code.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone

from stint.core.errors import ValidationFailed
from stint.skills.models import Category, Skill

HEADLINE_MAX = 160
INSTITUTION_MAX = 200
PROGRAMME_MAX = 200
CAREER_GOALS_MAX = 2000
TARGET_ROLES_MAX = 10
TARGET_ROLE_MAX_CHARS = 100
INTERESTS_MAX = 20
INTEREST_MAX_CHARS = 60
EDUCATION_MAX = 10
SKILLS_MAX = 50
BLOCKED_PERIODS_MAX = 50
BLOCKED_REASON_MAX = 200
BLOCKED_MAX_DAYS_AHEAD = 2 * 365
LINKS_MAX = 10
LINK_MAX_CHARS = 500
WEEKLY_HOURS_MIN = 1
WEEKLY_HOURS_MAX = 60
GRADUATION_YEAR_MIN = 1950
GRADUATION_YEARS_AHEAD = 8
SKILL_LEVEL_MIN = 1
SKILL_LEVEL_MAX = 5

# Fields a profile update may carry; anything else is ignored (clients may send back what GET returned).
PROFILE_FIELDS = (
    "headline",
    "education",
    "skills",
    "interests",
    "career_goals",
    "target_roles",
    "weekly_hours",
    "timezone",
    "blocked_periods",
    "links",
)


@dataclass
class CleanProfile:
    """Validated values; only the keys present in the input are set (see ``present``)."""

    present: set[str] = field(default_factory=set)
    headline: str = ""
    education: list[dict[str, Any]] = field(default_factory=list)
    skills: list[tuple[Any, int]] = field(default_factory=list)  # (Skill, level)
    interests: list[str] = field(default_factory=list)
    career_goals: str = ""
    target_roles: list[str] = field(default_factory=list)
    weekly_hours: int = 0
    timezone: str = "UTC"
    blocked_periods: list[dict[str, Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def strip_nul(value: str) -> str:
    """PostgreSQL rejects NUL bytes in text; they are never meaningful in a profile."""
    return value.replace("\x00", "")


class _Errors:
    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, field_name: str, code: str, message: str) -> None:
        self.items.append({"field": field_name, "message": message, "code": code})

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            summary = (
                first["message"] if len(self.items) == 1 else f"{first['message']} (and {len(self.items) - 1} more)"
            )
            raise ValidationFailed(summary, code=first["code"], errors=self.items)


def _text(errors: _Errors, value: Any, name: str, *, max_chars: int, code: str, label: str) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(name, "invalid_type", f"{label} must be text.")
        return None
    value = strip_nul(value).strip()
    if len(value) > max_chars:
        errors.add(name, code, f"{label} must be at most {max_chars} characters.")
        return None
    return value


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(strip_nul(value).strip())
        except ValueError:
            return None
    return None


def _list(errors: _Errors, value: Any, name: str, *, max_items: int, code: str, label: str) -> list[Any] | None:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        errors.add(name, "invalid_type", f"{label} must be a list.")
        return None
    if len(value) > max_items:
        errors.add(name, code, f"At most {max_items} {label.lower()} are allowed.")
        return None
    return list(value)


def _is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return not any(ch.isspace() for ch in value)


def valid_timezone(name: str) -> bool:
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _clean_education(errors: _Errors, items: list[Any]) -> list[dict[str, Any]]:
    this_year = timezone.localdate().year
    max_year = this_year + GRADUATION_YEARS_AHEAD
    out = []
    for i, item in enumerate(items):
        prefix = f"education.{i}"
        if not isinstance(item, dict):
            errors.add(prefix, "invalid_type", "Each education entry must be an object.")
            continue
        institution = _text(
            errors,
            item.get("institution"),
            f"{prefix}.institution",
            max_chars=INSTITUTION_MAX,
            code="education_too_long",
            label="Institution",
        )
        programme = _text(
            errors,
            item.get("programme"),
            f"{prefix}.programme",
            max_chars=PROGRAMME_MAX,
            code="education_too_long",
            label="Programme",
        )
        if institution == "":
            errors.add(f"{prefix}.institution", "education_institution_required", "Name the institution.")
        year_raw = item.get("graduation_year")
        year: int | None = None
        if year_raw not in (None, ""):
            year = _int(year_raw)
            if year is None or not GRADUATION_YEAR_MIN <= year <= max_year:
                errors.add(
                    f"{prefix}.graduation_year",
                    "invalid_graduation_year",
                    f"The graduation year must be between {GRADUATION_YEAR_MIN} and {max_year}.",
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
            errors.add(prefix, "invalid_type", "Each skill must be an object with skill and level.")
            continue
        ref = item.get("skill")
        if isinstance(ref, uuid.UUID):
            ref = str(ref)
        if not isinstance(ref, str) or not strip_nul(ref).strip():
            errors.add(f"{prefix}.skill", "unknown_skill", "Choose a skill from the list.")
            continue
        level = _int(item.get("level"))
        if level is None or not SKILL_LEVEL_MIN <= level <= SKILL_LEVEL_MAX:
            errors.add(
                f"{prefix}.level",
                "invalid_skill_level",
                f"The level must be a whole number from {SKILL_LEVEL_MIN} to {SKILL_LEVEL_MAX}.",
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
            errors.add(f"skills.{i}.skill", "unknown_skill", f"“{ref[:60]}” is not a skill in Stint's list.")
            continue
        if skill.pk in seen:
            errors.add(f"skills.{i}.skill", "duplicate_skill", f"{skill.label} is listed twice.")
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
            errors, item, f"interests.{i}", max_chars=INTEREST_MAX_CHARS, code="interest_too_long", label="An interest"
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
            errors.add(prefix, "invalid_type", "Each blocked period must be an object.")
            continue
        start, end = _date(item.get("start")), _date(item.get("end"))
        ok = True
        if start is None:
            errors.add(f"{prefix}.start", "invalid_date", "Give the first day as YYYY-MM-DD.")
            ok = False
        if end is None:
            errors.add(f"{prefix}.end", "invalid_date", "Give the last day as YYYY-MM-DD.")
            ok = False
        if start and end and end < start:
            errors.add(f"{prefix}.end", "blocked_period_end_before_start", "The last day is before the first day.")
            ok = False
        if end and end > latest:
            errors.add(
                f"{prefix}.end",
                "blocked_period_too_far_ahead",
                f"Blocked periods can reach at most two years ahead (until {latest.isoformat()}).",
            )
            ok = False
        reason = _text(
            errors,
            item.get("reason"),
            f"{prefix}.reason",
            max_chars=BLOCKED_REASON_MAX,
            code="blocked_reason_too_long",
            label="The reason",
        )
        capacity_raw = item.get("capacity_hours")
        capacity: int | None = None
        if capacity_raw not in (None, ""):
            capacity = _int(capacity_raw)
            if capacity is None or not 0 <= capacity <= WEEKLY_HOURS_MAX:
                errors.add(
                    f"{prefix}.capacity_hours",
                    "invalid_capacity_hours",
                    f"Reduced weekly hours must be between 0 and {WEEKLY_HOURS_MAX}.",
                )
                ok = False
            elif weekly_hours is not None and capacity > weekly_hours:
                errors.add(
                    f"{prefix}.capacity_hours",
                    "invalid_capacity_hours",
                    "Reduced weekly hours cannot exceed your usual weekly hours.",
                )
                ok = False
        if ok and reason is not None:
            out.append({"start": start, "end": end, "reason": reason, "capacity_hours": capacity})
    return out


def clean_profile_input(data: dict[str, Any], *, current_weekly_hours: int | None = None) -> CleanProfile:
    """Validate ``data`` (any subset of ``PROFILE_FIELDS``) and return clean values, or raise
    ``ValidationFailed`` listing every problem."""
    if not isinstance(data, dict):
        raise ValidationFailed("The profile must be an object.", code="invalid_type")
    errors = _Errors()
    clean = CleanProfile(present={k for k in PROFILE_FIELDS if k in data})

    if "headline" in data:
        value = _text(
            errors, data["headline"], "headline", max_chars=HEADLINE_MAX, code="headline_too_long", label="The headline"
        )
        clean.headline = value or ""
    if "career_goals" in data:
        value = _text(
            errors,
            data["career_goals"],
            "career_goals",
            max_chars=CAREER_GOALS_MAX,
            code="career_goals_too_long",
            label="Career goals",
        )
        clean.career_goals = value or ""
    if "weekly_hours" in data:
        hours = _int(data["weekly_hours"])
        if hours is None or not WEEKLY_HOURS_MIN <= hours <= WEEKLY_HOURS_MAX:
            errors.add(
                "weekly_hours",
                "invalid_weekly_hours",
                f"Weekly hours must be a whole number from {WEEKLY_HOURS_MIN} to {WEEKLY_HOURS_MAX}.",
            )
        else:
            clean.weekly_hours = hours
    if "timezone" in data:
        tz = data["timezone"]
        tz = strip_nul(tz).strip() if isinstance(tz, str) else ""
        if not valid_timezone(tz):
            errors.add("timezone", "invalid_timezone", "Choose a time zone such as Europe/Berlin or America/New_York.")
        else:
            clean.timezone = tz
    if "education" in data:
        items = _list(
            errors, data["education"], "education", max_items=EDUCATION_MAX, code="too_many_education", label="Entries"
        )
        if items is not None:
            clean.education = _clean_education(errors, items)
    if "skills" in data:
        items = _list(errors, data["skills"], "skills", max_items=SKILLS_MAX, code="too_many_skills", label="Skills")
        if items is not None:
            clean.skills = _clean_skills(errors, items)
    if "interests" in data:
        items = _list(
            errors,
            data["interests"],
            "interests",
            max_items=INTERESTS_MAX,
            code="too_many_interests",
            label="Interests",
        )
        if items is not None:
            clean.interests = _clean_interests(errors, items)
    if "target_roles" in data:
        items = _list(
            errors,
            data["target_roles"],
            "target_roles",
            max_items=TARGET_ROLES_MAX,
            code="too_many_target_roles",
            label="Target roles",
        )
        if items is not None:
            roles: list[str] = []
            for i, item in enumerate(items):
                value = _text(
                    errors,
                    item,
                    f"target_roles.{i}",
                    max_chars=TARGET_ROLE_MAX_CHARS,
                    code="target_role_too_long",
                    label="A target role",
                )
                if value and value.lower() not in {r.lower() for r in roles}:
                    roles.append(value)
            clean.target_roles = roles
    if "blocked_periods" in data:
        items = _list(
            errors,
            data["blocked_periods"],
            "blocked_periods",
            max_items=BLOCKED_PERIODS_MAX,
            code="too_many_blocked_periods",
            label="Blocked periods",
        )
        if items is not None:
            weekly = clean.weekly_hours if "weekly_hours" in clean.present and clean.weekly_hours else None
            clean.blocked_periods = _clean_blocked_periods(errors, items, weekly or current_weekly_hours)
    if "links" in data:
        items = _list(errors, data["links"], "links", max_items=LINKS_MAX, code="too_many_links", label="Links")
        if items is not None:
            links: list[str] = []
            for i, item in enumerate(items):
                value = _text(errors, item, f"links.{i}", max_chars=LINK_MAX_CHARS, code="invalid_link", label="A link")
                if value is None or value == "":
                    continue
                if not _is_http_url(value):
                    errors.add(f"links.{i}", "invalid_link", "Links must be full http:// or https:// addresses.")
                    continue
                if value not in links:
                    links.append(value)
            clean.links = links

    errors.raise_if_any()
    return clean
