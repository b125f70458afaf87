from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from stint.core.api import MoneyIn, MoneySchema
from stint.core.schemas import INT32_MAX, SMALLINT_MAX, ApiDate, ApiDeadline
from stint.currencies.schemas import ApproximateMoneySchema
from stint.currencies.selectors import approximation, viewer_currency
from stint.organizations.reliability import organization_reliability
from stint.projects.access import Access, project_access
from stint.projects.models import Project
from stint.projects.selectors import project_allowed_actions
from stint.skills.schemas import CategoryOut  # one component for one shape

# Hard limits of the API (422 beyond them). They sit above the project rules' limits, which answer
# with their own codes (``title_too_long``, ``too_many_questions``…) so that a form can say which
# rule broke; the hard limits only keep hostile payloads out of the rules and the database. The
# numbers in the descriptions are the rules' (``stint/projects/rules.py``).
HARD_LIST = 100
HARD_LINE = 600
Line = Annotated[str, Field(max_length=HARD_LINE)]


class SkillRefIn(Schema):
    skill: str = Field(max_length=120, description="Skill id or slug")
    required: bool = True
    level: int = Field(3, ge=1, le=5)


class RubricItem(Schema):
    criterion: str = Field(max_length=HARD_LINE)
    weight: int = Field(ge=-SMALLINT_MAX, le=SMALLINT_MAX, description="1 to 100")


class ProjectPatchIn(Schema):
    """Every field optional: PATCH changes only what is sent."""

    title: str | None = Field(None, max_length=HARD_LINE, description="At most 150 characters")
    summary: str | None = Field(None, max_length=HARD_LINE, description="At most 300 characters")
    description: str | None = Field(
        None, max_length=40_000, description="Markdown, at most 20,000 characters; rendered and sanitised"
    )
    category: str | None = Field(None, max_length=120, description="Category slug or id")
    skills: list[SkillRefIn | Annotated[str, Field(max_length=120)]] | None = Field(
        None, max_length=HARD_LIST, description="Skill ids/slugs (required) or objects; at most 20"
    )
    deliverables: list[Line] | None = Field(None, max_length=HARD_LIST, description="At most 20")
    estimated_hours: int | None = Field(None, ge=-SMALLINT_MAX, le=SMALLINT_MAX, description="5 to 40")
    fee: MoneyIn | None = None
    openings: int | None = Field(None, ge=-SMALLINT_MAX, le=SMALLINT_MAX, description="1 to 20")
    visibility: str | None = Field(None, max_length=16, description="public, unlisted or invite_only")
    application_deadline: ApiDeadline | None = None
    response_deadline: ApiDeadline | None = None
    start_date: ApiDate | None = Field(None, description="YYYY-MM-DD, a day in the project's time zone")
    due_date: ApiDate | None = Field(
        None, description="YYYY-MM-DD: the work is due by the end of that day (23:59:59) in the project's time zone"
    )
    time_zone: str | None = Field(
        None,
        max_length=64,
        description="IANA name (e.g. Europe/Berlin) the project's dates are read in; default your own time zone "
        "setting, else UTC (`invalid_time_zone`)",
    )
    language: str | None = Field(
        None,
        max_length=8,
        description="ISO 639-1 code of the language the project is written in (e.g. en, es, fr, de, pt); default "
        "your language setting, else en (`invalid_language`). Search stems its text in it on PostgreSQL",
    )
    overlap_hours: int | None = Field(
        None,
        ge=-SMALLINT_MAX,
        le=SMALLINT_MAX,
        description="Hours (1 to 12) of the talent's working hours that must fall in overlap_start–overlap_end; "
        "send all three or none",
    )
    overlap_start: datetime.time | None = Field(None, description="HH:MM in the project's time zone")
    overlap_end: datetime.time | None = Field(
        None, description="HH:MM in the project's time zone (before overlap_start: past midnight)"
    )
    questions: list[Line] | None = Field(None, max_length=HARD_LIST, description="At most 10")
    rubric: list[RubricItem] | None = Field(None, max_length=HARD_LIST, description="At most 10 criteria")
    max_applications: int | None = Field(None, ge=0, le=INT32_MAX)


class ProjectIn(ProjectPatchIn):
    """A new draft. The fields are checked by the project rules (422 with a stable ``code``)."""


def payload_to_data(payload: ProjectPatchIn, *, partial: bool) -> dict[str, Any]:
    """API payload → the service's data dict (model field names)."""
    raw = payload.dict(exclude_unset=partial)
    data: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "fee":
            if value is not None:
                data["fee_minor"] = value["amount_minor"]
                data["currency"] = value["currency"]
            elif not partial:
                data["fee_minor"] = None
        elif key == "skills" and value is not None:
            data["skills"] = [v if isinstance(v, str) else dict(v) for v in value]
        elif key == "rubric" and value is not None:
            data["rubric"] = [dict(v) for v in value]
        elif value is None and key in ("deliverables", "questions", "rubric", "skills"):
            data[key] = []
        elif value is None and key in ("openings", "visibility") and not partial:
            continue
        else:
            data[key] = value
    return data


class ProjectInvitationIn(Schema):
    talent_email: str = Field(max_length=254)


class ProjectInvitationOut(Schema):
    """The same whether or not the address belongs to a talent account (no enumeration)."""

    id: uuid.UUID
    project_id: uuid.UUID
    email: str
    created_at: datetime.datetime


class ProjectReasonIn(Schema):
    reason: str = Field("", max_length=1000)


# The names the endpoints import (component names must be unique across the API: docs/api.md).
InvitationIn = ProjectInvitationIn
InvitationOut = ProjectInvitationOut
ReasonIn = ProjectReasonIn


class OrganizationBrief(Schema):
    id: uuid.UUID
    name: str
    slug: str
    verified: bool


class ProjectSkillOut(Schema):
    id: uuid.UUID
    slug: str
    label: str
    required: bool
    level: int


class ProjectOverlapOut(Schema):
    hours: int
    start: datetime.time
    end: datetime.time
    time_zone: str


class ProjectListItem(Schema):
    id: uuid.UUID
    external_id: str | None
    title: str
    summary: str
    organization: OrganizationBrief
    category: CategoryOut
    estimated_hours: int
    fee: MoneySchema
    hourly_rate: MoneySchema
    openings: int
    visibility: str
    status: str
    application_deadline: datetime.datetime
    start_date: datetime.date
    due_date: datetime.date
    due_at: datetime.datetime = Field(description="The due date's end (23:59:59) in the project's time zone")
    time_zone: str = Field(description="IANA zone the project's dates are read in")
    language: str = Field(description="ISO 639-1 code of the project's language")
    overlap: ProjectOverlapOut | None = Field(None, description="Working-hours overlap the project needs, if any")
    published_at: datetime.datetime | None
    approximate_fee: ApproximateMoneySchema | None = Field(
        None,
        description="The fee in the caller's comparison currency (`User.currency`, or `rate_currency` on the lists, else `STINT_DEFAULT_CURRENCY`) at the staff-maintained exchange rates, with the rate's date: approximate, for comparison only (what is paid is `fee`). Null when the currencies are the same or a rate is missing.",
    )


class ProjectOut(ProjectListItem):
    description: str
    description_html: str
    skills: list[ProjectSkillOut]
    deliverables: list[str]
    response_deadline: datetime.datetime
    questions: list[str]
    rubric: list[RubricItem]
    max_applications: int | None
    closed_at: datetime.datetime | None
    close_reason: str
    moderation_note: str | None = Field(None, description="Only for the organization's members")
    share_url: str | None = Field(None, description="The unlisted link; only for the organization's members")
    funds_secured: bool = Field(description="Fee × openings is held (set by the payments app)")
    reliability: dict[str, Any] | None = Field(None, description="The organization's reliability figures")
    created_at: datetime.datetime
    allowed_actions: list[str] = Field(
        default_factory=list,
        description="What you may do with it now: members `edit`, `publish`, `close`, `cancel`, `invite`; "
        "staff `approve`, `return-to-draft` (moderation); a talent `apply` while it takes applications",
    )


def organization_reliability_or_none(organization: Any) -> dict[str, Any] | None:
    """The organization's reliability figures (``stint.organizations.reliability``)."""
    return organization_reliability(organization)


# ``project → bool``: whether fee × openings is held. The payments app (above projects) sets it
# when Django starts (``PaymentsConfig.ready``); until then nothing is secured.
_funds_secured_source: Callable[[Project], bool] | None = None


def set_funds_secured_source(source: Callable[[Project], bool]) -> None:
    """Called once by the payments app: how to tell that a project's funds are held."""
    global _funds_secured_source
    _funds_secured_source = source


def funds_secured(project: Project) -> bool:
    """True once the payments app holds fee × openings for the project."""
    return bool(_funds_secured_source is not None and _funds_secured_source(project))


def approximate_fee(project: Project, currency: str | None) -> dict[str, Any] | None:
    """``project``'s fee in ``currency`` for comparison (docs/currencies.md), or None."""
    if not currency:
        return None
    found = approximation(project.fee_minor, project.currency, currency)
    return found.as_dict() if found is not None else None


def list_item(project: Project, comparison_currency: str | None = None) -> dict[str, Any]:
    org = project.organization
    return {
        "id": project.pk,
        "external_id": project.external_id,
        "title": project.title,
        "summary": project.summary,
        "organization": {"id": org.pk, "name": org.name, "slug": org.slug, "verified": org.is_verified},
        "category": {"slug": project.category.slug, "name": project.category.name},
        "estimated_hours": project.estimated_hours,
        "fee": project.fee.as_dict(),
        "hourly_rate": {"amount_minor": project.hourly_rate_minor, "currency": project.currency},
        "openings": project.openings,
        "visibility": project.visibility,
        "status": project.status,
        "application_deadline": project.application_deadline,
        "start_date": project.start_date,
        "due_date": project.due_date,
        "due_at": project.due_at,
        "time_zone": project.time_zone,
        "language": project.language,
        "overlap": (
            {
                "hours": project.overlap_hours,
                "start": project.overlap_start,
                "end": project.overlap_end,
                "time_zone": project.time_zone,
            }
            if project.overlap_window is not None
            else None
        ),
        "published_at": project.published_at,
        "approximate_fee": approximate_fee(project, comparison_currency),
    }


def detail(project: Project, *, user: Any, with_reliability: bool = True) -> dict[str, Any]:
    """The API view of one project for ``user``: members see the moderation note and the secret
    link; everyone sees the actions they may take now (``project_allowed_actions``)."""
    is_member = project_access(project=project, user=user) is Access.MANAGE
    out = list_item(project, viewer_currency(user))
    out.update(
        {
            "description": project.description,
            "description_html": project.description_html,
            "skills": [
                {
                    "id": ps.skill.pk,
                    "slug": ps.skill.slug,
                    "label": ps.skill.label,
                    "required": ps.required,
                    "level": ps.level,
                }
                for ps in project.project_skills.all()
            ],
            "deliverables": list(project.deliverables or []),
            "response_deadline": project.response_deadline,
            "questions": list(project.questions or []),
            "rubric": list(project.rubric or []),
            "max_applications": project.max_applications,
            "closed_at": project.closed_at,
            "close_reason": project.close_reason,
            "moderation_note": project.moderation_note if is_member else None,
            "share_url": f"/projects/p/{project.secret_token}/" if is_member else None,
            "funds_secured": funds_secured(project),
            "reliability": organization_reliability_or_none(project.organization) if with_reliability else None,
            "created_at": project.created_at,
            "allowed_actions": project_allowed_actions(project=project, user=user),
        }
    )
    return out
