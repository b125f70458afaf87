"""Limits, the Markdown renderer, the resolved result and the readers of loosely typed values."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

import markdown as markdown_lib
import nh3
from django.utils import timezone

from stint.skills.models import Category, Skill

MAX_TITLE = 150
MAX_SUMMARY = 300
MAX_DESCRIPTION = 20_000
MIN_OPENINGS = 1
MAX_OPENINGS = 20
MAX_RUBRIC_CRITERIA = 10
MAX_RUBRIC_WEIGHT = 100
MAX_QUESTIONS = 10
MAX_DELIVERABLES = 20
MAX_SKILLS = 20
MAX_LINE = 300

# What the rendered Markdown may contain: text formatting, lists, links, code, tables. No scripts,
# no event handlers, no styles, no images (they could track readers), only safe URL schemes.
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render_description(text: str) -> str:
    """Markdown → sanitised HTML (scripts, event handlers and ``javascript:`` links removed)."""
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


@dataclass
class ResolvedProject:
    """The data after validation, with the category and skills looked up."""

    category: Category | None = None
    skills: list[tuple[Skill, bool, int]] = field(default_factory=list)  # (skill, required, level)


def _err(errors: list[dict[str, str]], field_name: str, code: str, message: str) -> None:
    errors.append({"field": field_name, "code": code, "message": message})


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return None


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
