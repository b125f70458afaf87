"""Writes of the skills taxonomy: the importer of Stint's curated, ESCO-backed skill list.

The data lives in ``data/skills/`` (see docs/skills.md): ``categories.csv`` and ``stint_skills.csv``
(built from ``curated.csv`` and the ESCO CSV by ``scripts/esco/build_skill_list.py``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from stint.core.errors import ValidationFailed
from stint.skills.models import Category, Skill, SkillSource
from stint.skills.search import index_invalidate
from stint.skills.text import search_text_for

ESCO_SKILL_PREFIX = "http://data.europa.eu/esco/skill/"


def default_data_dir() -> Path:
    return Path(settings.SKILLS_DATA_DIR)


@dataclass
class ImportResult:
    categories_created: int = 0
    categories_updated: int = 0
    skills_created: int = 0
    skills_updated: int = 0
    skills_unchanged: int = 0
    related_added: int = 0
    related_removed: int = 0
    not_in_file: list[str] = field(default_factory=list)

    @property
    def skills_total(self) -> int:
        return self.skills_created + self.skills_updated + self.skills_unchanged

    def summary(self) -> str:
        text = (
            f"categories: {self.categories_created} created, {self.categories_updated} updated; "
            f"skills: {self.skills_created} created, {self.skills_updated} updated, "
            f"{self.skills_unchanged} unchanged; related links: +{self.related_added} -{self.related_removed}"
        )
        if self.not_in_file:
            text += f"; {len(self.not_in_file)} skill(s) in the database are not in the file (kept)"
        return text


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        raise ValidationFailed(f"{path} does not exist.", code="skills_data_missing")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _validate(categories: list[dict[str, str]], skills: list[dict[str, str]]) -> None:
    errors: list[dict[str, str]] = []
    category_slugs = {row["slug"] for row in categories}
    seen_slugs: set[str] = set()
    seen_uris: set[str] = set()
    for line, row in enumerate(skills, start=2):
        where = f"stint_skills.csv:{line}"
        if not row.get("slug") or not row.get("label"):
            errors.append({"field": where, "message": "slug and label are required"})
        if row.get("category") not in category_slugs:
            errors.append({"field": where, "message": f"unknown category {row.get('category')!r}"})
        uri = row.get("esco_uri", "")
        if not uri.startswith(ESCO_SKILL_PREFIX):
            errors.append({"field": where, "message": f"not an ESCO skill URI: {uri!r}"})
        if row["slug"] in seen_slugs:
            errors.append({"field": where, "message": f"duplicate slug {row['slug']!r}"})
        if uri in seen_uris:
            errors.append({"field": where, "message": f"duplicate ESCO URI {uri!r}"})
        seen_slugs.add(row["slug"])
        seen_uris.add(uri)
    for line, row in enumerate(skills, start=2):
        for other in _split(row.get("related")):
            if other not in seen_slugs:
                errors.append({"field": f"stint_skills.csv:{line}", "message": f"unknown related skill {other!r}"})
    if errors:
        raise ValidationFailed(
            f"The skills data has {len(errors)} problem(s).", code="skills_data_invalid", errors=errors
        )


def fields_apply(*, obj: Any, values: dict[str, Any]) -> bool:
    """Apply ``values`` to ``obj``; True (and a fresh ``updated_at``) when anything differed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.updated_at = timezone.now()  # bulk_update does not apply auto_now
    return changed


def _import_categories(category_rows: list[dict[str, str]], result: ImportResult) -> dict[str, Category]:
    """Create and update the categories of the file (matched by slug); every category by slug."""
    categories = {c.slug: c for c in Category.objects.all()}
    new_categories, dirty_categories = [], []
    for position, row in enumerate(category_rows):
        values = {"name": row["name"], "description": row.get("description", ""), "position": position}
        category = categories.get(row["slug"])
        if category is None:
            category = Category(slug=row["slug"], **values)
            categories[row["slug"]] = category
            new_categories.append(category)
        elif fields_apply(obj=category, values=values):
            dirty_categories.append(category)
    Category.objects.bulk_create(new_categories)
    Category.objects.bulk_update(dirty_categories, ["name", "description", "position", "updated_at"])
    result.categories_created, result.categories_updated = len(new_categories), len(dirty_categories)
    return categories


def _import_skills(
    skill_rows: list[dict[str, str]], categories: dict[str, Category], result: ImportResult
) -> dict[str, Skill]:
    """Create and update the curated skills of the file (matched by slug, or by ESCO concept for a row
    imported from the full vocabulary first); every non-ESCO skill by slug."""
    skills = {s.slug: s for s in Skill.objects.exclude(source=SkillSource.ESCO)}
    # A concept imported from the full vocabulary first becomes curated in place (same row, so
    # projects and profiles that use it keep it).
    wanted_uris = {row["esco_uri"] for row in skill_rows} - {s.esco_uri for s in skills.values()}
    by_uri = {s.esco_uri: s for s in Skill.objects.filter(source=SkillSource.ESCO, esco_uri__in=wanted_uris)}
    new_skills, dirty_skills = [], []
    for row in skill_rows:
        synonyms = _split(row.get("synonyms"))
        values = {
            "label": row["label"],
            "category_id": categories[row["category"]].pk,
            "esco_uri": row["esco_uri"],
            "synonyms": synonyms,
            "description": row.get("description", ""),
        }
        skill = skills.get(row["slug"])
        if skill is None and row["esco_uri"] in by_uri:
            skill = by_uri[row["esco_uri"]]
            skill.slug, skill.source = row["slug"], SkillSource.CURATED
            skills[row["slug"]] = skill
        alt_labels = skill.alt_labels if skill is not None else []
        values["search_text"] = search_text_for(row["label"], [*synonyms, *alt_labels])
        if skill is None:
            skill = Skill(slug=row["slug"], **values)
            skills[row["slug"]] = skill
            new_skills.append(skill)
        elif fields_apply(obj=skill, values=values):  # an upgraded ESCO row always differs (it had no category)
            dirty_skills.append(skill)
        else:
            result.skills_unchanged += 1
    Skill.objects.bulk_create(new_skills)
    fields = ["slug", "source", "label", "category", "esco_uri", "synonyms", "description", "search_text", "updated_at"]
    Skill.objects.bulk_update(dirty_skills, fields)
    result.skills_created, result.skills_updated = len(new_skills), len(dirty_skills)
    return skills


@transaction.atomic
def skill_catalog_import(*, data_dir: Path | None = None) -> ImportResult:
    """Load categories and skills from the data files, idempotently.

    Rows are matched by slug (an update-or-create per row, done in bulk: one read of each table,
    then bulk inserts/updates of what differs), so running it twice changes nothing the second
    time. ``search_text`` is recomputed from the label and synonyms; ``related`` links between
    imported skills are made to match the file (links to skills that are not in the file are kept).
    Skills that are in the database but not in the file are kept, never deleted: projects and
    profiles may point to them (PROTECT). Invalidates the in-process search index of every process.
    """
    directory = data_dir or default_data_dir()
    category_rows = _read_csv(directory / "categories.csv")
    skill_rows = _read_csv(directory / "stint_skills.csv")
    _validate(category_rows, skill_rows)
    result = ImportResult()

    categories = _import_categories(category_rows, result)
    skills = _import_skills(skill_rows, categories, result)

    in_file = {row["slug"] for row in skill_rows}
    result.not_in_file = sorted(
        slug for slug, s in skills.items() if s.source == SkillSource.CURATED and slug not in in_file
    )
    result.related_added, result.related_removed = _sync_related(skills, skill_rows)
    index_invalidate()  # this process at once; other processes once the rows are committed:
    transaction.on_commit(index_invalidate)
    return result


def _sync_related(skills: dict[str, Skill], skill_rows: list[dict[str, str]]) -> tuple[int, int]:
    through = Skill.related.through
    imported_ids = {skills[row["slug"]].pk for row in skill_rows}
    wanted: set[tuple[Any, Any]] = set()
    for row in skill_rows:
        me = skills[row["slug"]].pk
        for other in _split(row.get("related")):
            wanted.add((me, skills[other].pk))
            wanted.add((skills[other].pk, me))
    existing = set(
        through.objects.filter(from_skill_id__in=imported_ids, to_skill_id__in=imported_ids).values_list(
            "from_skill_id", "to_skill_id"
        )
    )
    missing = wanted - existing
    extra = existing - wanted
    through.objects.bulk_create([through(from_skill_id=a, to_skill_id=b) for a, b in missing])
    for a, b in extra:
        through.objects.filter(from_skill_id=a, to_skill_id=b).delete()
    return len(missing), len(extra)
