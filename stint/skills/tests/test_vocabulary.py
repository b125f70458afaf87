"""The full-vocabulary import (stint/skills/vocabulary.py) on a small copy of the data files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from stint.skills.models import Occupation, Skill, SkillSource, VocabularyImport
from stint.skills.selectors import skill_search
from stint.skills.services import skill_catalog_import
from stint.skills.vocabulary import vocabulary_import

pytestmark = pytest.mark.django_db
DATA = Path(settings.BASE_DIR) / "data" / "skills"
SPREADSHEETS_URI = "http://data.europa.eu/esco/skill/"  # completed from stint_skills.csv below


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Two curated skills, their ESCO rows and 40 other ESCO skills, 5 occupations."""
    shutil.copy(DATA / "categories.csv", tmp_path / "categories.csv")
    curated = [r for r in _rows(DATA / "stint_skills.csv") if r["slug"] in ("spreadsheets", "market-research")]
    for row in curated:
        row["related"] = ""
    _write(tmp_path / "stint_skills.csv", list(curated[0]), curated)
    esco = _rows(DATA / "esco" / "skills.csv")
    wanted = {r["esco_uri"] for r in curated}
    chosen = [r for r in esco if r["id"] in wanted] + [r for r in esco if r["id"] not in wanted][:40]
    _write(tmp_path / "esco" / "skills.csv", ["id", "description"], chosen)
    _write(tmp_path / "esco" / "occupations.csv", ["id", "description"], _rows(DATA / "esco" / "occupations.csv")[:5])
    return tmp_path


def test_the_import_adds_every_esco_skill_once_and_keeps_the_curated_ones(data_dir: Path) -> None:
    skill_catalog_import(data_dir=data_dir)
    result = vocabulary_import(data_dir=data_dir)
    assert (result.skills_created, result.occupations_created) == (40, 5)
    assert result.curated_updated >= 1  # a curated skill whose ESCO labels are all synonyms already is unchanged
    assert Skill.objects.count() == 42
    assert Skill.objects.filter(source=SkillSource.CURATED).count() == 2
    spreadsheets = Skill.objects.get(slug="spreadsheets")
    assert spreadsheets.label == "Spreadsheets" and spreadsheets.category is not None
    assert spreadsheets.alt_labels, "the curated skill gains ESCO's alternative labels"
    esco = Skill.objects.filter(source=SkillSource.ESCO).first()
    assert esco is not None and esco.category is None and esco.esco_uri
    assert esco.slug.endswith(esco.esco_uri.rsplit("/", 1)[-1][:8])
    assert Occupation.objects.count() == 5


def test_importing_the_same_files_again_changes_nothing_and_is_skipped(data_dir: Path) -> None:
    skill_catalog_import(data_dir=data_dir)
    vocabulary_import(data_dir=data_dir)
    before = list(Skill.objects.order_by("pk").values_list("pk", "slug", "label", "updated_at"))
    again = vocabulary_import(data_dir=data_dir)
    assert again.skipped
    forced = vocabulary_import(data_dir=data_dir, force=True)
    assert (forced.skills_created, forced.skills_updated, forced.curated_updated) == (0, 0, 0)
    assert forced.unchanged == 47
    assert list(Skill.objects.order_by("pk").values_list("pk", "slug", "label", "updated_at")) == before


def test_a_concept_imported_from_esco_first_becomes_curated_in_place(data_dir: Path) -> None:
    vocabulary_import(data_dir=data_dir)  # before the curated list: both concepts are ESCO rows
    row = Skill.objects.get(esco_uri=_rows(data_dir / "stint_skills.csv")[0]["esco_uri"])
    assert row.source == SkillSource.ESCO
    skill_catalog_import(data_dir=data_dir)
    row.refresh_from_db()
    assert row.source == SkillSource.CURATED and row.category is not None
    assert Skill.objects.filter(esco_uri=row.esco_uri).count() == 1


def test_search_ranks_the_featured_skill_first_and_finds_esco_skills(data_dir: Path) -> None:
    skill_catalog_import(data_dir=data_dir)
    vocabulary_import(data_dir=data_dir)
    hits = skill_search("spreadsheet")
    assert hits[0].slug == "spreadsheets" and hits[0].featured
    esco = Skill.objects.filter(source=SkillSource.ESCO).order_by("label").first()
    assert esco is not None
    assert esco.pk in {h.id for h in skill_search(esco.label, limit=5)}


def test_a_missing_file_is_a_clear_error_and_the_command_reports(data_dir: Path, tmp_path: Any) -> None:
    from django.core.management import CommandError

    (data_dir / "esco" / "occupations.csv").unlink()
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_vocabulary", "--data-dir", str(data_dir))
    assert not VocabularyImport.objects.exists()
    assert not Skill.objects.filter(source=SkillSource.ESCO).exists()
