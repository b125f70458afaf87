"""Importing projects, checked by the project editor's rules."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from stint.matching.importer.base import (
    BATCH,
    PROJECT_STATUSES,
    VISIBILITIES,
    ImportReport,
    RowError,
    fast_update,
    render_markdown,
)
from stint.matching.importer.reading import (
    _chunks,
    _date,
    _datetime,
    _int,
    _text,
)
from stint.organizations.models import Organization
from stint.projects.choices import PUBLIC_STATUSES
from stint.projects.models import Project, ProjectSkill
from stint.projects.rules import check_duration, check_openings, check_size_and_pay
from stint.skills.models import Category, Skill

# --- Projects --------------------------------------------------------------------------------------


class Lookups:
    """Categories, skills and organizations, loaded once."""

    def __init__(self) -> None:
        self.categories = {c.slug: c for c in Category.objects.all()}
        self.skills: dict[str, Any] = {}
        for skill in Skill.objects.only("id", "slug", "label"):
            self.skills.setdefault(skill.label.lower(), skill.pk)
            self.skills[skill.slug] = skill.pk
        self.orgs: dict[str, Any] = {}

    def load_orgs(self, external_ids: Iterable[str]) -> None:
        wanted = [e for e in set(external_ids) if e not in self.orgs]
        for chunk in _chunks(wanted):
            for ext, pk in Organization.objects.filter(external_id__in=chunk).values_list("external_id", "id"):
                self.orgs[str(ext)] = pk


def _raise_rule_errors(errors: list[dict[str, str]]) -> None:
    """A row refused by the editor's or the profile's rules: ``code (field): message`` for each
    problem, with the editor's code and message."""
    if errors:
        raise RowError("; ".join(f"{e.get('code', 'invalid')} ({e.get('field', '')}): {e['message']}" for e in errors))


def _project_values(obj: dict[str, Any], lookups: Lookups, today: datetime.date) -> dict[str, Any]:
    """A row's project fields, checked in a fixed order (the first problem is the one reported)."""
    org_ext = obj.get("organization")
    if not isinstance(org_ext, str | int) or str(org_ext) not in lookups.orgs:
        raise RowError(f"organization {org_ext!r} is not an imported or existing organization external_id")
    category = lookups.categories.get(obj.get("category") or "")
    if category is None:
        raise RowError(f"unknown category {obj.get('category')!r}")
    skill_ids = _skill_ids(obj, lookups)
    size = _size_pay_and_dates(obj, today)
    deadlines = _deadlines(obj, size["start_date"])
    status = obj.get("status") or "open"
    if status not in PROJECT_STATUSES:
        raise RowError(f"status must be one of {', '.join(PROJECT_STATUSES)}")
    visibility = obj.get("visibility") or "public"
    if visibility not in VISIBILITIES:
        raise RowError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    description = _text(obj, "description", 20_000, required=True)
    deliverables = obj.get("deliverables") or []
    if not isinstance(deliverables, list) or not all(isinstance(d, str) for d in deliverables):
        raise RowError("deliverables must be a list of strings")
    return {
        "organization_id": lookups.orgs[str(org_ext)],
        "title": _text(obj, "title", 150, required=True),
        "summary": _text(obj, "summary", 300, required=True),
        "description": description,
        "category_id": category.pk,
        "deliverables": deliverables[:20],
        "estimated_hours": size["estimated_hours"],
        "fee_minor": size["fee_minor"],
        "currency": size["currency"],
        "openings": size["openings"],
        "visibility": visibility,
        **deadlines,
        "start_date": size["start_date"],
        "due_date": size["due_date"],
        "status": status,
        "_skills": skill_ids,
    }


def _skill_ids(obj: dict[str, Any], lookups: Lookups) -> list[Any]:
    """The row's skills (slugs or labels) as skill ids, in order, without repeats."""
    skills_in = obj.get("skills") or []
    if not isinstance(skills_in, list) or len(skills_in) > 20:
        raise RowError("skills must be a list of at most 20 skill slugs or labels")
    skill_ids: list[Any] = []
    for item in skills_in:
        key = str(item.get("skill") if isinstance(item, dict) else item).strip()
        skill_id = lookups.skills.get(key) or lookups.skills.get(key.lower())
        if skill_id is None:
            raise RowError(f"unknown skill {key!r}")
        if skill_id not in skill_ids:
            skill_ids.append(skill_id)
    return skill_ids


def _size_pay_and_dates(obj: dict[str, Any], today: datetime.date) -> dict[str, Any]:
    """Hours, fee, openings and dates, checked by the editor's rules with the editor's codes and
    messages (historical dates are allowed here)."""
    fee = obj.get("fee")
    if not isinstance(fee, dict):
        raise RowError('fee must be {"amount_minor", "currency"}')
    hours = _int(obj, "estimated_hours")
    amount = _int(fee, "amount_minor")
    currency = str(fee.get("currency") or "").upper()
    openings = _int(obj, "openings", 1)
    start = _date(obj["start_date"], "start_date") if obj.get("start_date") else today + datetime.timedelta(days=7)
    due = _date(obj.get("due_date"), "due_date")
    errors: list[dict[str, str]] = []
    check_size_and_pay({"estimated_hours": hours, "currency": currency, "fee_minor": amount}, errors)
    check_openings({"openings": openings}, errors)
    check_duration(start, due, errors)
    _raise_rule_errors(errors)
    return {
        "estimated_hours": hours,
        "fee_minor": amount,
        "currency": currency,
        "openings": openings,
        "start_date": start,
        "due_date": due,
    }


def _deadlines(obj: dict[str, Any], start: datetime.date) -> dict[str, Any]:
    """The application deadline (default: the evening before the start) and the response deadline
    (default: three days later), which must come after it."""
    app_deadline = (
        _datetime(obj["application_deadline"], "application_deadline")
        if obj.get("application_deadline")
        else timezone.make_aware(
            datetime.datetime.combine(start - datetime.timedelta(days=1), datetime.time(23, 59)), datetime.UTC
        )
    )
    response_deadline = (
        _datetime(obj["response_deadline"], "response_deadline")
        if obj.get("response_deadline")
        else app_deadline + datetime.timedelta(days=3)
    )
    if response_deadline <= app_deadline:
        raise RowError("response_deadline must be after application_deadline")
    return {"application_deadline": app_deadline, "response_deadline": response_deadline}


PROJECT_FIELDS = [
    "organization_id",
    "title",
    "summary",
    "description",
    "description_html",
    "category_id",
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
    "status",
    "published_at",
]


def import_projects(rows: list[tuple[int, dict[str, Any]]], report: ImportReport, lookups: Lookups) -> list[Any]:
    lookups.load_orgs(str(o.get("organization")) for _, o in rows if isinstance(o.get("organization"), str | int))
    today = timezone.localdate()
    now = timezone.now()
    touched: list[Any] = []
    for chunk in _chunks(rows):
        touched.extend(_import_chunk(chunk, report, lookups, today=today, now=now))
    return touched


class _Batch:
    """What one chunk writes: new projects, changed projects and the skills of both."""

    def __init__(self) -> None:
        self.creates: list[Any] = []
        self.updates: list[Any] = []
        self.skills: list[Any] = []


def _import_chunk(
    chunk: list[tuple[int, dict[str, Any]]],
    report: ImportReport,
    lookups: Lookups,
    *,
    today: datetime.date,
    now: datetime.datetime,
) -> list[Any]:
    """Step by step for one chunk: load what exists, stage each row, write all in one transaction.
    Returns the ids of the projects created or changed."""
    existing, old_skills = _existing_projects(chunk)
    batch = _Batch()
    for number, obj in chunk:
        try:
            values = _project_values(obj, lookups, today)
        except (RowError, KeyError) as exc:
            report.skip(number, str(exc).strip("'"))
            continue
        _stage_row(obj, values, batch, report, existing=existing, old_skills=old_skills, now=now)
    _write_batch(batch)
    report.created["project"] += len(batch.creates)
    report.updated["project"] += len(batch.updates)
    return [p.pk for p in (*batch.creates, *batch.updates)]


def _existing_projects(chunk: list[tuple[int, dict[str, Any]]]) -> tuple[dict[Any, Any], dict[Any, list[Any]]]:
    """The chunk's projects already imported (by external id) and their skill ids, in order."""
    existing = {
        p.external_id: p
        for p in Project.objects.filter(external_id__in=[o["external_id"] for _, o in chunk]).only(
            "id", "external_id", *PROJECT_FIELDS
        )
    }
    old_skills: dict[Any, list[Any]] = {}
    for project_id, skill_id in (
        ProjectSkill.objects.filter(project__in=[p.pk for p in existing.values()])
        .order_by("project_id", "id")
        .values_list("project_id", "skill_id")
    ):
        old_skills.setdefault(project_id, []).append(skill_id)
    return existing, old_skills


def _stage_row(
    obj: dict[str, Any],
    values: dict[str, Any],
    batch: _Batch,
    report: ImportReport,
    *,
    existing: dict[Any, Any],
    old_skills: dict[Any, list[Any]],
    now: datetime.datetime,
) -> None:
    """A new project, a changed one (both with their skills), or an unchanged one counted and left alone."""
    skill_ids = values.pop("_skills")
    project = existing.get(obj["external_id"])
    if project is not None and project.description == values["description"]:
        values["description_html"] = project.description_html
    else:
        values["description_html"] = render_markdown(values["description"])
    published = project.published_at if project is not None else None
    values["published_at"] = published or (now if values["status"] in PUBLIC_STATUSES else None)
    if project is None:
        project = Project(external_id=obj["external_id"], secret_token=secrets.token_urlsafe(32), **values)
        batch.creates.append(project)
    else:
        unchanged = old_skills.get(project.pk, []) == skill_ids and all(
            getattr(project, key) == value for key, value in values.items()
        )
        if unchanged:  # nothing to write or re-index: re-running a file is cheap
            report.unchanged["project"] += 1
            return
        for key, value in values.items():
            setattr(project, key, value)
        batch.updates.append(project)
    batch.skills.extend(
        ProjectSkill(project=project, skill_id=skill_id, required=i < 3, level=3)
        for i, skill_id in enumerate(skill_ids)
    )


def _write_batch(batch: _Batch) -> None:
    with transaction.atomic():
        Project.objects.bulk_create(batch.creates, batch_size=500)
        if batch.updates:
            fast_update(Project, batch.updates, PROJECT_FIELDS)
            # A raw delete: no per-row fetch and no per-row signals (the index is rebuilt in bulk).
            ProjectSkill.objects.filter(project__in=[p.pk for p in batch.updates])._raw_delete(ProjectSkill.objects.db)
        ProjectSkill.objects.bulk_create(batch.skills, batch_size=BATCH)
