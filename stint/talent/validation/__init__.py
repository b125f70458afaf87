"""Validation of talent profile input, shared by the JSON API, the HTML form and the importer.

``clean_profile_input(data)`` takes loosely typed input (JSON values or form strings) and returns a
``CleanProfile`` or raises ``ValidationFailed``. Every rule has a stable code (see docs/talent.md);
all problems found are listed in ``errors`` (each with ``field``, ``message`` and ``code``) and the
error's own ``code`` is the first problem's code.

A package (ARCHITECTURE rule 9): ``base`` (limits, the clean result, the error list and the value
readers), ``fields`` (one cleaner per list field) and ``profile`` (``clean_profile_input``).
"""

from stint.talent.validation.base import (
    BLOCKED_MAX_DAYS_AHEAD,
    BLOCKED_PERIODS_MAX,
    BLOCKED_REASON_MAX,
    CAREER_GOALS_MAX,
    EDUCATION_MAX,
    GRADUATION_YEAR_MIN,
    GRADUATION_YEARS_AHEAD,
    HEADLINE_MAX,
    INSTITUTION_MAX,
    INTEREST_MAX_CHARS,
    INTERESTS_MAX,
    LINK_MAX_CHARS,
    LINKS_MAX,
    PROFILE_FIELDS,
    PROGRAMME_MAX,
    SKILL_LEVEL_MAX,
    SKILL_LEVEL_MIN,
    SKILLS_MAX,
    TARGET_ROLE_MAX_CHARS,
    TARGET_ROLES_MAX,
    WEEKLY_HOURS_MAX,
    WEEKLY_HOURS_MIN,
    CleanProfile,
    strip_nul,
    valid_timezone,
)
from stint.talent.validation.profile import (
    clean_profile_input,
)

__all__ = [
    "BLOCKED_MAX_DAYS_AHEAD",
    "BLOCKED_PERIODS_MAX",
    "BLOCKED_REASON_MAX",
    "CAREER_GOALS_MAX",
    "EDUCATION_MAX",
    "GRADUATION_YEARS_AHEAD",
    "GRADUATION_YEAR_MIN",
    "HEADLINE_MAX",
    "INSTITUTION_MAX",
    "INTERESTS_MAX",
    "INTEREST_MAX_CHARS",
    "LINKS_MAX",
    "LINK_MAX_CHARS",
    "PROFILE_FIELDS",
    "PROGRAMME_MAX",
    "SKILLS_MAX",
    "SKILL_LEVEL_MAX",
    "SKILL_LEVEL_MIN",
    "TARGET_ROLES_MAX",
    "TARGET_ROLE_MAX_CHARS",
    "WEEKLY_HOURS_MAX",
    "WEEKLY_HOURS_MIN",
    "CleanProfile",
    "clean_profile_input",
    "strip_nul",
    "valid_timezone",
]
