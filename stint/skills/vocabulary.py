"""Import of the full ESCO vocabulary: every ESCO skill (beyond the curated core) and every occupation.

``vocabulary_import()`` parses ``data/skills/esco/skills.csv`` and ``occupations.csv`` with
``stint.skills.esco`` and writes, idempotently and in bulk:

* curated skills (``source=curated``) keep their hand-written label and synonyms; they gain ESCO's
  alternative labels of their concept (``alt_labels``) so that search finds them by those too;
* every other ESCO skill becomes a ``Skill`` with ``source=esco``, no category, its preferred label as
  ``label``, its alternative labels and its definition; the slug is the label plus the first 8
  characters of the concept's UUID (stable across re-imports);
* every ESCO occupation becomes an ``Occupation``.

The checksum of both files (and of the parser version) is stored in ``VocabularyImport``: importing
the same files again returns at once without parsing (``force=True`` re-checks every row).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from stint.core.errors import ValidationFailed
from stint.skills.esco import EscoEntry, parse_esco_csv
from stint.skills.models import Occupation, Skill, SkillSource, VocabularyImport
from stint.skills.occupations import occupations_invalidate
from stint.skills.search import index_invalidate
from stint.skills.services import default_data_dir, fields_apply
from stint.skills.text import fold, search_text_for

PARSER_VERSION = "1"
IMPORT_NAME = "esco"
BATCH = 1000


@dataclass
class VocabularyResult:
    skipped: bool = False
    skills_created: int = 0
    skills_updated: int = 0
    curated_updated: int = 0
    occupations_created: int = 0
    occupations_updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        if self.skipped:
            return "vocabulary: the ESCO files are unchanged since the last import (use --force to re-check)"
        return (
            f"vocabulary: ESCO skills {self.skills_created} created, {self.skills_updated} updated; "
            f"curated skills {self.curated_updated} given ESCO labels; occupations "
            f"{self.occupations_created} created, {self.occupations_updated} updated; {self.unchanged} unchanged"
        )


def _checksum(paths: list[Path]) -> str:
    digest = hashlib.sha256(PARSER_VERSION.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _slug(label: str, uri: str) -> str:
    base = slugify(label)[:100].strip("-") or "skill"
    return f"{base}-{uri.rsplit('/', 1)[-1][:8]}"


def _extra_labels(entry: EscoEntry, known: list[str]) -> list[str]:
    """ESCO's labels of a concept that say something the ``known`` ones do not (folded compare)."""
    seen = {fold(k) for k in known}
    extra = []
    for label in [entry.preferred_label, *entry.alt_labels]:
        key = fold(label)
        if key and key not in seen:
            seen.add(key)
            extra.append(label)
    return extra


def _import_skills(entries: list[EscoEntry], result: VocabularyResult) -> None:
    by_uri = {s.esco_uri: s for s in Skill.objects.filter(esco_uri__isnull=False)}
    slugs = set(Skill.objects.values_list("slug", flat=True))
    new: list[Skill] = []
    dirty_curated: list[Skill] = []
    dirty: list[Skill] = []
    for entry in entries:
        skill = by_uri.get(entry.uri)
        if skill is not None and skill.source == SkillSource.CURATED:
            alt = _extra_labels(entry, [skill.label, *skill.synonyms])
            values = {"alt_labels": alt, "search_text": search_text_for(skill.label, [*skill.synonyms, *alt])}
            if fields_apply(obj=skill, values=values):
                dirty_curated.append(skill)
            else:
                result.unchanged += 1
            continue
        alt = _extra_labels(entry, [entry.preferred_label])
        values = {
            "label": entry.preferred_label,
            "alt_labels": alt,
            "description": entry.definition,
            "search_text": search_text_for(entry.preferred_label, alt),
        }
        if skill is None:
            slug = _slug(entry.preferred_label, entry.uri)
            while slug in slugs:  # a label + UUID prefix clash is unlikely; never fail the import on one
                slug = f"{slug[:110]}-x"
            slugs.add(slug)
            new.append(Skill(slug=slug, esco_uri=entry.uri, source=SkillSource.ESCO, **values))
        elif fields_apply(obj=skill, values=values):
            dirty.append(skill)
        else:
            result.unchanged += 1
    Skill.objects.bulk_create(new, batch_size=BATCH)
    Skill.objects.bulk_update(dirty_curated, ["alt_labels", "search_text", "updated_at"], batch_size=BATCH)
    fields = ["label", "alt_labels", "description", "search_text", "updated_at"]
    Skill.objects.bulk_update(dirty, fields, batch_size=BATCH)
    result.skills_created, result.skills_updated, result.curated_updated = len(new), len(dirty), len(dirty_curated)


def _import_occupations(entries: list[EscoEntry], result: VocabularyResult) -> None:
    by_uri = {o.esco_uri: o for o in Occupation.objects.all()}
    new: list[Occupation] = []
    dirty: list[Occupation] = []
    for entry in entries:
        values = {
            "label": entry.preferred_label,
            "alt_labels": _extra_labels(entry, [entry.preferred_label]),
            "description": entry.definition,
        }
        occupation = by_uri.get(entry.uri)
        if occupation is None:
            new.append(Occupation(slug=_slug(entry.preferred_label, entry.uri), esco_uri=entry.uri, **values))
        elif fields_apply(obj=occupation, values=values):
            dirty.append(occupation)
        else:
            result.unchanged += 1
    Occupation.objects.bulk_create(new, batch_size=BATCH)
    Occupation.objects.bulk_update(dirty, ["label", "alt_labels", "description", "updated_at"], batch_size=BATCH)
    result.occupations_created, result.occupations_updated = len(new), len(dirty)


def vocabulary_import(*, data_dir: Path | None = None, force: bool = False) -> VocabularyResult:
    """Import every ESCO skill and occupation (see the module docstring). Idempotent; skipped when
    the files' checksum matches the last import unless ``force``. Runs in one transaction and
    invalidates every process's search index. Import the curated list first (``import_skills``)
    so that curated concepts are not created twice (they would be kept as ESCO rows and then
    upgraded by the curated import)."""
    directory = (data_dir or default_data_dir()) / "esco"
    paths = [directory / "skills.csv", directory / "occupations.csv"]
    for path in paths:
        if not path.exists():
            raise ValidationFailed(f"{path} does not exist.", code="skills_data_missing")
    checksum = _checksum(paths)
    stamp = VocabularyImport.objects.filter(name=IMPORT_NAME).first()
    if stamp is not None and stamp.checksum == checksum and not force:
        return VocabularyResult(skipped=True)
    skills, occupations = parse_esco_csv(paths[0]), parse_esco_csv(paths[1])
    result = VocabularyResult()
    with transaction.atomic():
        _import_skills(skills, result)
        _import_occupations(occupations, result)
        VocabularyImport.objects.update_or_create(
            name=IMPORT_NAME, defaults={"checksum": checksum, "summary": result.summary()[:300]}
        )
        transaction.on_commit(index_invalidate)
        transaction.on_commit(occupations_invalidate)
    index_invalidate()
    occupations_invalidate()
    return result
