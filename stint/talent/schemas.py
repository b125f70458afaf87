from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from stint.core.schemas import SMALLINT_MAX, ApiDate
from stint.skills.schemas import CategoryOut  # one component for one shape

# Hard limits (422 beyond them). The profile rules (``stint/talent/services.py``) have tighter limits
# with their own codes (``headline_too_long``, ``too_many_skills``…); these keep hostile payloads out.
HARD_LIST = 100
HARD_LINE = 1000


class EducationIn(Schema):
    institution: str = Field("", max_length=HARD_LINE)
    programme: str = Field("", max_length=HARD_LINE)
    graduation_year: int | None = Field(None, ge=1900, le=2100)


class SkillLevelIn(Schema):
    skill: str = Field(max_length=120, description="Skill id (UUID) or slug from the taxonomy (`GET /skills?q=`)")
    level: int = Field(ge=-SMALLINT_MAX, le=SMALLINT_MAX, description="Self-rated level, 1 (beginner) to 5 (expert)")


class BlockedPeriodIn(Schema):
    start: ApiDate
    end: ApiDate
    reason: str = Field("", max_length=HARD_LINE)
    capacity_hours: int | None = Field(
        None, ge=0, le=SMALLINT_MAX, description="Reduced weekly hours in this period; empty means none"
    )


Line = Annotated[str, Field(max_length=HARD_LINE)]


class WorkingHoursIn(Schema):
    start: dt.time | None = Field(None, description="HH:MM")
    end: dt.time | None = Field(None, description="HH:MM (before start: past midnight)")


class WorkingHoursOut(Schema):
    start: dt.time
    end: dt.time
    time_zone: str


class TalentProfileIn(Schema):
    """Every field is optional: an omitted field keeps its value; a list that is sent replaces the
    whole stored list."""

    headline: str | None = Field(None, max_length=HARD_LINE, description="One line, at most 160 characters")
    education: list[EducationIn] | None = Field(None, max_length=HARD_LIST)
    skills: list[SkillLevelIn] | None = Field(None, max_length=HARD_LIST)
    interests: list[Line] | None = Field(
        None, max_length=HARD_LIST, description="Category slugs, or free-text industries"
    )
    career_goals: str | None = Field(None, max_length=10_000, description="Text, at most 2000 characters")
    target_roles: list[Line] | None = Field(None, max_length=HARD_LIST, description="At most 10")
    weekly_hours: int | None = Field(None, ge=-SMALLINT_MAX, le=SMALLINT_MAX, description="1 to 60")
    timezone: str | None = Field(None, max_length=64, description="IANA name, e.g. Europe/Berlin")
    working_hours: WorkingHoursIn | None = Field(
        None,
        description="Your usual working hours in your time zone (search's 'fits my working hours' and the overlap "
        "recommendations explain); send both times as null to clear (`invalid_working_hours`)",
    )
    languages: list[Annotated[str, Field(max_length=8)]] | None = Field(
        None,
        max_length=HARD_LIST,
        description="ISO 639-1 codes of the languages you work in, at most 10 (`invalid_languages`); "
        "recommendations prefer projects written in them",
    )
    blocked_periods: list[BlockedPeriodIn] | None = Field(None, max_length=HARD_LIST)
    links: list[Line] | None = Field(None, max_length=HARD_LIST, description="http(s) URLs, at most 10")

    def as_service_data(self) -> dict[str, Any]:
        return {key: value for key, value in self.model_dump(exclude_unset=True).items() if value is not None}


class EducationOut(Schema):
    id: uuid.UUID
    institution: str
    programme: str
    graduation_year: int | None


class SkillLevelOut(Schema):
    skill: uuid.UUID
    slug: str
    label: str
    category: CategoryOut | None = Field(None, description="None for a skill outside the curated core")
    level: int


class BlockedPeriodOut(Schema):
    id: uuid.UUID
    start: dt.date
    end: dt.date
    reason: str
    capacity_hours: int | None


class NextStepOut(Schema):
    key: str
    message: str


class CompletenessOut(Schema):
    percent: int
    next_steps: list[NextStepOut]
    done: list[str]


class ResumeOut(Schema):
    url: str = Field(description="Permission-checked download URL")
    file_name: str
    size: int | None
    uploaded_at: dt.datetime | None


class TalentProfileOut(Schema):
    id: uuid.UUID
    user_id: uuid.UUID
    name: str
    headline: str
    education: list[EducationOut]
    skills: list[SkillLevelOut]
    interests: list[str]
    career_goals: str
    target_roles: list[str]
    weekly_hours: int
    timezone: str
    working_hours: WorkingHoursOut | None = None
    languages: list[str] = Field(default_factory=list)
    blocked_periods: list[BlockedPeriodOut]
    links: list[str]
    resume: ResumeOut | None
    completeness: CompletenessOut | None = Field(None, description="Only on the talent's own profile")
    updated_at: dt.datetime


def profile_out(profile: Any, *, include_completeness: bool = False) -> dict[str, Any]:
    """The API representation of a profile fetched with ``talent_profile_queryset()``."""
    from django.urls import reverse

    from stint.talent.completeness import profile_completeness

    resume = None
    if profile.resume.name:
        resume = {
            "url": reverse("talent:resume", args=[profile.pk]),
            "file_name": profile.resume_original_name or "resume.pdf",
            "size": profile.resume_size,
            "uploaded_at": profile.resume_uploaded_at,
        }
    return {
        "id": profile.pk,
        "user_id": profile.user_id,
        "name": profile.user.name,
        "headline": profile.headline,
        "education": list(profile.education.all()),
        "skills": [
            {
                "skill": ts.skill.pk,
                "slug": ts.skill.slug,
                "label": ts.skill.label,
                "category": (
                    {"slug": ts.skill.category.slug, "name": ts.skill.category.name} if ts.skill.category else None
                ),
                "level": ts.level,
            }
            for ts in profile.talent_skills.all()
        ],
        "interests": profile.interests,
        "career_goals": profile.career_goals,
        "target_roles": profile.target_roles,
        "weekly_hours": profile.weekly_hours,
        "timezone": profile.timezone,
        "working_hours": (
            {"start": profile.work_start, "end": profile.work_end, "time_zone": profile.timezone}
            if profile.work_window is not None
            else None
        ),
        "languages": list(profile.languages or []),
        "blocked_periods": list(profile.blocked_periods.all()),
        "links": profile.links,
        "resume": resume,
        "completeness": profile_completeness(profile) if include_completeness else None,
        "updated_at": profile.updated_at,
    }
