"""``clean_profile_input``: every field of a profile update, problems listed in field order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stint.core.errors import ValidationFailed
from stint.talent.validation.base import (
    BLOCKED_PERIODS_MAX,
    CAREER_GOALS_MAX,
    EDUCATION_MAX,
    HEADLINE_MAX,
    INTERESTS_MAX,
    LINK_MAX_CHARS,
    LINKS_MAX,
    PROFILE_FIELDS,
    SKILLS_MAX,
    TARGET_ROLE_MAX_CHARS,
    TARGET_ROLES_MAX,
    WEEKLY_HOURS_MAX,
    WEEKLY_HOURS_MIN,
    CleanProfile,
    _Errors,
    _int,
    _is_http_url,
    _list,
    _text,
    strip_nul,
    valid_timezone,
)
from stint.talent.validation.fields import _clean_blocked_periods, _clean_education, _clean_interests, _clean_skills


def _clean_text_fields(errors: _Errors, data: dict[str, Any], clean: CleanProfile) -> None:
    if "headline" in data:
        value = _text(
            errors,
            data["headline"],
            "headline",
            max_chars=HEADLINE_MAX,
            code="headline_too_long",
            label=_("The headline"),
        )
        clean.headline = value or ""
    if "career_goals" in data:
        value = _text(
            errors,
            data["career_goals"],
            "career_goals",
            max_chars=CAREER_GOALS_MAX,
            code="career_goals_too_long",
            label=_("Career goals"),
        )
        clean.career_goals = value or ""


def _clean_hours_and_zone(errors: _Errors, data: dict[str, Any], clean: CleanProfile) -> None:
    if "weekly_hours" in data:
        hours = _int(data["weekly_hours"])
        if hours is None or not WEEKLY_HOURS_MIN <= hours <= WEEKLY_HOURS_MAX:
            errors.add(
                "weekly_hours",
                "invalid_weekly_hours",
                gettext("Weekly hours must be a whole number from %(min)s to %(max)s.")
                % {"min": WEEKLY_HOURS_MIN, "max": WEEKLY_HOURS_MAX},
            )
        else:
            clean.weekly_hours = hours
    if "timezone" in data:
        tz = data["timezone"]
        tz = strip_nul(tz).strip() if isinstance(tz, str) else ""
        if not valid_timezone(tz):
            errors.add(
                "timezone", "invalid_timezone", gettext("Choose a time zone such as Europe/Berlin or America/New_York.")
            )
        else:
            clean.timezone = tz


def _clean_target_roles(errors: _Errors, items: list[Any]) -> list[str]:
    roles: list[str] = []
    for i, item in enumerate(items):
        value = _text(
            errors,
            item,
            f"target_roles.{i}",
            max_chars=TARGET_ROLE_MAX_CHARS,
            code="target_role_too_long",
            label=_("A target role"),
        )
        if value and value.lower() not in {r.lower() for r in roles}:
            roles.append(value)
    return roles


def _clean_links(errors: _Errors, items: list[Any]) -> list[str]:
    links: list[str] = []
    for i, item in enumerate(items):
        value = _text(errors, item, f"links.{i}", max_chars=LINK_MAX_CHARS, code="invalid_link", label=_("A link"))
        if value is None or value == "":
            continue
        if not _is_http_url(value):
            errors.add(f"links.{i}", "invalid_link", gettext("Links must be full http:// or https:// addresses."))
            continue
        if value not in links:
            links.append(value)
    return links


# The list fields in the order their problems are reported: (field, most items, code, label, items).
LIST_FIELDS = (
    ("education", EDUCATION_MAX, "too_many_education", _("Education"), _("education entries")),
    ("skills", SKILLS_MAX, "too_many_skills", _("Skills"), _("skills")),
    ("interests", INTERESTS_MAX, "too_many_interests", _("Interests"), _("interests")),
    ("target_roles", TARGET_ROLES_MAX, "too_many_target_roles", _("Target roles"), _("target roles")),
    ("blocked_periods", BLOCKED_PERIODS_MAX, "too_many_blocked_periods", _("Blocked periods"), _("blocked periods")),
    ("links", LINKS_MAX, "too_many_links", _("Links"), _("links")),
)


def clean_profile_input(data: dict[str, Any], *, current_weekly_hours: int | None = None) -> CleanProfile:
    """Validate ``data`` (any subset of ``PROFILE_FIELDS``) and return clean values, or raise
    ``ValidationFailed`` listing every problem."""
    if not isinstance(data, dict):
        raise ValidationFailed(gettext("The profile must be an object."), code="invalid_type")
    errors = _Errors()
    clean = CleanProfile(present={k for k in PROFILE_FIELDS if k in data})
    _clean_text_fields(errors, data, clean)
    _clean_hours_and_zone(errors, data, clean)
    # Reduced hours in a blocked period are checked against the hours sent with them, else the saved ones.
    weekly = (clean.weekly_hours if "weekly_hours" in clean.present else None) or current_weekly_hours
    cleaners: dict[str, Callable[[list[Any]], list[Any]]] = {
        "education": lambda items: _clean_education(errors, items),
        "skills": lambda items: _clean_skills(errors, items),
        "interests": lambda items: _clean_interests(errors, items),
        "target_roles": lambda items: _clean_target_roles(errors, items),
        "blocked_periods": lambda items: _clean_blocked_periods(errors, items, weekly),
        "links": lambda items: _clean_links(errors, items),
    }
    for name, max_items, code, label, noun in LIST_FIELDS:
        if name not in data:
            continue
        items = _list(errors, data[name], name, max_items=max_items, code=code, label=str(label), items=str(noun))
        if items is not None:
            setattr(clean, name, cleaners[name](items))
    errors.raise_if_any()
    return clean
