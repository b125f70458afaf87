"""Building, creating and editing a project (a draft may still break the pay floor)."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.core.audit import audit_log
from stint.core.errors import Conflict
from stint.core.languages import DEFAULT_LANGUAGE, normalise_language
from stint.core.timezones import is_zone
from stint.core.types import User
from stint.organizations.models import Organization
from stint.projects.choices import ACTIONS, ProjectStatus, Visibility
from stint.projects.models import Project, ProjectSkill
from stint.projects.rules import (
    ResolvedProject,
    deadlines_as_instants,
    draft_blocking,
    project_data_from_instance,
    render_description,
    validate_and_resolve,
)
from stint.projects.services.base import EDITABLE_FIELDS, _clean_lines, _raise_if_invalid, _require_member
from stint.projects.signals import listing_changed


def _apply(project: Project, data: dict[str, Any], resolved: ResolvedProject) -> None:
    project.title = data["title"].strip()
    project.summary = data["summary"].strip()
    project.description = data["description"]
    project.description_html = render_description(data["description"])
    assert resolved.category is not None
    project.category = resolved.category
    project.deliverables = _clean_lines(data.get("deliverables"))
    project.estimated_hours = data["estimated_hours"]
    project.fee_minor = data["fee_minor"]
    project.currency = data["currency"].strip().upper()
    project.openings = data["openings"]
    project.visibility = data.get("visibility") or Visibility.PUBLIC
    project.application_deadline = data["application_deadline"]
    project.response_deadline = data["response_deadline"]
    project.start_date = data["start_date"]
    project.due_date = data["due_date"]
    project.questions = _clean_lines(data.get("questions"))
    project.rubric = [
        {"criterion": str(r["criterion"]).strip(), "weight": int(r["weight"])} for r in (data.get("rubric") or [])
    ]
    project.max_applications = data.get("max_applications")
    project.time_zone = data["time_zone"]
    project.language = data["language"]
    project.overlap_hours = data.get("overlap_hours")
    project.overlap_start = data.get("overlap_start")
    project.overlap_end = data.get("overlap_end")


def _save_skills(project: Project, resolved: ResolvedProject) -> None:
    ProjectSkill.objects.filter(project=project).delete()
    ProjectSkill.objects.bulk_create(
        [ProjectSkill(project=project, skill=skill, required=req, level=level) for skill, req, level in resolved.skills]
    )


def default_zone_and_language(creator: Any) -> dict[str, str]:
    """A new project's time zone and language when the data names none: the creator's own choices
    (``User.time_zone``, ``User.language``) when set and valid, else UTC and English. (Organizations
    have no zone or language of their own.)"""
    zone = getattr(creator, "time_zone", "") or ""
    language = normalise_language(getattr(creator, "language", "") or "", default=DEFAULT_LANGUAGE)
    return {"time_zone": zone if is_zone(zone) else "UTC", "language": language}


def _with_defaults(data: dict[str, Any], creator: Any = None) -> dict[str, Any]:
    merged: dict[str, Any] = {
        "openings": 1,
        "visibility": Visibility.PUBLIC,
        "currency": "USD",
        "questions": [],
        "rubric": [],
        **default_zone_and_language(creator),
    }
    # A missing or null zone/language takes the default; every other field is taken as sent.
    merged.update(
        {k: v for k, v in data.items() if k in EDITABLE_FIELDS and not (v is None and k in ("time_zone", "language"))}
    )
    return deadlines_as_instants(merged)


def project_build(
    *, organization: Organization, created_by: User, data: dict[str, Any], external_id: str | None = None
) -> Project:
    """Validate ``data`` and save a new draft (no permission check: callers check membership;
    the demo loader uses it directly)."""
    data = _with_defaults(data, created_by)
    errors, resolved = validate_and_resolve(data, organization_id=organization.pk)
    _raise_if_invalid(draft_blocking(errors))  # a fee under the floor is fixed before publishing
    project = Project(
        organization=organization,
        created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        secret_token=secrets.token_urlsafe(32),
        status=ProjectStatus.DRAFT,
        external_id=external_id,
    )
    _apply(project, data, resolved)
    with transaction.atomic():
        project.save()
        _save_skills(project, resolved)
        audit_log(created_by, "project.created", project, {"organization": str(organization.pk)})
    return project


def project_create(*, actor: User, organization: Organization, data: dict[str, Any]) -> Project:
    """Create a draft project for ``organization``. Only its members may (others get 404).
    Every rule is checked (422 with the first rule's ``code`` and all of them in ``errors``), except
    those a draft may still break (``rules.DRAFT_TOLERATED_CODES``: a fee under the pay floor), which
    only publishing refuses."""
    organization = _require_member(actor, organization.pk)
    return project_build(organization=organization, created_by=actor, data=data)


def project_update(*, actor: User, project: Project, data: dict[str, Any]) -> Project:
    """Change a draft (or a project waiting for review, which goes back to draft: staff review
    what is finally published). ``data`` may be partial; the merged result must pass every rule a draft must pass (a fee under
    the floor is kept and refused at publish).
    Open, closed and cancelled projects are not editable (409 ``project_not_editable``)."""
    _require_member(actor, project.organization_id)
    project.refresh_from_db()
    editable = ACTIONS["edit"].sources
    if project.status not in editable:
        raise Conflict(
            _("Only a draft can be edited; this project is already %(status)s. Close it and post a new one instead.")
            % {"status": str(project.get_status_display()).lower()},
            code="project_not_editable",
        )
    merged = project_data_from_instance(project)
    # A null zone or language keeps the current one.
    merged.update(
        {k: v for k, v in data.items() if k in EDITABLE_FIELDS and not (v is None and k in ("time_zone", "language"))}
    )
    merged = deadlines_as_instants(merged)
    errors, resolved = validate_and_resolve(merged, organization_id=project.organization_id)
    _raise_if_invalid(draft_blocking(errors))  # a fee under the floor is fixed before publishing
    previous_status = project.status
    _apply(project, merged, resolved)
    with transaction.atomic():
        fields = {f: getattr(project, f) for f in _MODEL_FIELDS}
        claimed = Project.objects.filter(pk=project.pk, status__in=editable).update(
            **fields, status=ProjectStatus.DRAFT, updated_at=timezone.now()
        )
        if not claimed:
            raise Conflict(_("The project changed status while you edited it."), code="project_not_editable")
        _save_skills(project, resolved)
        audit_log(actor, "project.updated", project, {"fields": sorted(k for k in data if k in EDITABLE_FIELDS)})
        if previous_status == ProjectStatus.PENDING_REVIEW:
            audit_log(actor, "project.returned_to_draft", project, {"reason": "edited while waiting for review"})
        listing_changed(project.pk)
    project.refresh_from_db()
    return project


_MODEL_FIELDS = (
    "title",
    "summary",
    "description",
    "description_html",
    "category",
    "deliverables",
    "estimated_hours",
    "fee_minor",
    "currency",
    "openings",
    "visibility",
    "application_deadline",
    "response_deadline",
    "start_date",
    "due_date",
    "questions",
    "rubric",
    "max_applications",
    "time_zone",
    "language",
    "overlap_hours",
    "overlap_start",
    "overlap_end",
)
