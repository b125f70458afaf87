"""Limits, the clean result, the error list and the readers of loosely typed values."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.utils.translation import gettext, ngettext

from stint.core.errors import ValidationFailed

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
            more = len(self.items) - 1
            summary = (
                first["message"]
                if not more
                else ngettext("%(message)s (and %(count)s more)", "%(message)s (and %(count)s more)", more)
                % {"message": first["message"], "count": more}
            )
            raise ValidationFailed(summary, code=first["code"], errors=self.items)


def _text(errors: _Errors, value: Any, name: str, *, max_chars: int, code: str, label: Any) -> str | None:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.add(name, "invalid_type", gettext("%(field)s must be text.") % {"field": label})
        return None
    value = strip_nul(value).strip()
    if len(value) > max_chars:
        errors.add(
            name,
            code,
            gettext("%(field)s must be at most %(count)s characters.") % {"field": label, "count": max_chars},
        )
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


def _list(
    errors: _Errors, value: Any, name: str, *, max_items: int, code: str, label: str, items: str
) -> list[Any] | None:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        errors.add(name, "invalid_type", gettext("%(field)s must be a list.") % {"field": label})
        return None
    if len(value) > max_items:
        errors.add(
            name, code, gettext("At most %(count)s %(items)s are allowed.") % {"count": max_items, "items": items}
        )
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
