"""Keeping the search index in step with projects: the "indexing cycle".

* ``index_project(project_id)`` rebuilds (or removes) one project's ``ProjectSearchDocument``.
* ``signals.py`` enqueues ``tasks.index_project_task`` on commit after a project, one of its skills
  or its organization is saved.
* ``sweep_index()`` (periodic, every minute) catches what signals cannot see: state changes made with
  ``QuerySet.update`` (e.g. publish/close claimed with a conditional update) and passing deadlines.
* ``reindex_projects()`` rebuilds the index in bulk (``manage.py reindex_projects``, the importer).

Only listed projects (status open, visibility public) have a document. Search still joins the
project's live status at query time, so a project closed a second ago never shows up even before
the sweep removes its document.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from stint.core.languages import pg_search_config
from stint.matching.models import ProjectSearchDocument
from stint.matching.search_cache import bump_listing_version
from stint.matching.text import fold
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project, ProjectSkill

BATCH_SIZE = 2000


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_vector_expression() -> Any:
    """Weighted tsvector: A title, B summary and skills, C organization, D description, each stemmed
    with the row's own text-search configuration (its project's language; ``simple`` when none)."""
    config = Coalesce(F("search_config"), Value("simple"))
    return (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("skills_text", weight="B", config=config)
        + SearchVector("organization_name", weight="C", config=config)
        + SearchVector("description", weight="D", config=config)
    )


def _listed(project: Project) -> bool:
    return project.status == ProjectStatus.OPEN and project.visibility == Visibility.PUBLIC


def _utc_offset_minutes(tz_name: str) -> int | None:
    if not tz_name:
        return None
    try:
        offset = datetime.datetime.now(zoneinfo.ZoneInfo(tz_name)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return int(offset.total_seconds() // 60) if offset is not None else None


def build_document(project: Project, skills: Iterable[tuple[str, Any]]) -> ProjectSearchDocument:
    """An unsaved document for ``project`` (organization and category must be loaded)."""
    skill_words: list[str] = []
    for label, synonyms in skills:
        skill_words.append(label)
        skill_words.extend(str(s) for s in (synonyms or []))
    org = project.organization
    tz_name = project.time_zone or ""
    overlap = project.overlap_window
    return ProjectSearchDocument(
        project_id=project.pk,
        title=fold(project.title),
        summary=fold(project.summary),
        description=fold(project.description),
        skills_text=fold(" ; ".join(skill_words)),
        organization_name=fold(org.name),
        organization_id=org.pk,
        category_slug=project.category.slug,
        estimated_hours=project.estimated_hours,
        fee_minor=project.fee_minor,
        currency=project.currency,
        hourly_rate_minor=project.hourly_rate_minor,
        due_date=project.due_date,
        application_deadline=project.application_deadline,
        verified=org.verified_at is not None,
        timezone=tz_name,
        utc_offset_minutes=_utc_offset_minutes(tz_name),
        language=project.language,
        search_config=pg_search_config(project.language),
        overlap_minutes=project.overlap_hours * 60 if overlap is not None and project.overlap_hours else None,
        overlap_start=project.overlap_start if overlap is not None else None,
        overlap_end=project.overlap_end if overlap is not None else None,
        published_at=project.published_at,
        status=project.status,
        visibility=project.visibility,
    )


def _skills_by_project(project_ids: list[Any]) -> dict[Any, list[tuple[str, Any]]]:
    by_project: dict[Any, list[tuple[str, Any]]] = defaultdict(list)
    rows = ProjectSkill.objects.filter(project_id__in=project_ids).values_list(
        "project_id", "skill__label", "skill__synonyms"
    )
    for project_id, label, synonyms in rows:
        by_project[project_id].append((label, synonyms))
    return by_project


def index_project(project_id: Any) -> bool:
    """Rebuild the search document of one project; remove it when the project is not listed.

    Safe to run twice and in any order: it reads the project's current state. Returns whether the
    project is now in the index.
    """
    project = Project.objects.select_related("organization", "category").filter(pk=project_id).first()
    if project is None or not _listed(project):
        removed, _ = ProjectSearchDocument.objects.filter(project_id=project_id).delete()
        if removed:
            bump_listing_version()
        return False
    doc = build_document(project, _skills_by_project([project.pk])[project.pk])
    values = {f.attname: getattr(doc, f.attname) for f in ProjectSearchDocument._meta.concrete_fields}
    for key in ("id", "project_id", "search_vector", "indexed_at"):
        values.pop(key)
    with transaction.atomic():
        ProjectSearchDocument.objects.update_or_create(project_id=project.pk, defaults=values)
        if is_postgres():
            ProjectSearchDocument.objects.filter(project_id=project.pk).update(search_vector=search_vector_expression())
    bump_listing_version()
    return True


def _index_batch(projects: list[Project]) -> int:
    ids = [p.pk for p in projects]
    skills = _skills_by_project(ids)
    docs = [build_document(p, skills.get(p.pk, [])) for p in projects]
    with transaction.atomic():
        # Delete + insert rather than update: the FTS5 triggers then do a plain delete and insert.
        ProjectSearchDocument.objects.filter(project_id__in=ids).delete()
        ProjectSearchDocument.objects.bulk_create(docs, batch_size=500)
        if is_postgres():
            ProjectSearchDocument.objects.filter(project_id__in=ids).update(search_vector=search_vector_expression())
    bump_listing_version()
    return len(docs)


def reindex_projects(project_ids: Iterable[Any] | None = None, *, batch_size: int = BATCH_SIZE) -> int:
    """Rebuild the documents of ``project_ids`` (all projects when None) in batches; returns how many
    are listed. Documents of projects that are no longer listed are removed."""
    listed = Project.objects.filter(status=ProjectStatus.OPEN, visibility=Visibility.PUBLIC)
    if project_ids is None:
        ProjectSearchDocument.objects.exclude(project__in=listed).delete()
        bump_listing_version()
        id_batches: Iterable[list[Any]] = _chunks(listed.order_by("pk").values_list("pk", flat=True), batch_size)
    else:
        wanted = list(project_ids)
        if ProjectSearchDocument.objects.filter(project_id__in=wanted).exclude(project__in=listed).delete()[0]:
            bump_listing_version()
        id_batches = (wanted[i : i + batch_size] for i in range(0, len(wanted), batch_size))
    total = 0
    for ids in id_batches:
        projects = list(listed.filter(pk__in=ids).select_related("organization", "category"))
        if projects:
            total += _index_batch(projects)
    return total


def _chunks(values: Any, size: int) -> Iterable[list[Any]]:
    chunk: list[Any] = []
    for value in values.iterator(chunk_size=size):
        chunk.append(value)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def sweep_index(limit: int = 5000) -> dict[str, int]:
    """Index listed projects that have no document; drop documents of projects no longer listed."""
    listed = Project.objects.filter(status=ProjectStatus.OPEN, visibility=Visibility.PUBLIC)
    stale = ProjectSearchDocument.objects.exclude(project__in=listed)
    removed, _ = ProjectSearchDocument.objects.filter(pk__in=list(stale.values_list("pk", flat=True)[:limit])).delete()
    if removed:
        bump_listing_version()
    missing = list(listed.filter(search_document__isnull=True).values_list("pk", flat=True)[:limit])
    # Verification and organization renames change documents without a project save.
    added = reindex_projects(missing) if missing else 0
    return {"removed": removed, "added": added, "at": int(timezone.now().timestamp())}
