from __future__ import annotations

import csv
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stint.core.errors import ValidationFailed
from stint.demo import steps  # noqa: F401  (registers the steps)
from stint.demo.loader import STEPS
from stint.skills.models import Category, Skill
from stint.skills.services import default_data_dir, skill_catalog_import

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Category.objects.count(), Skill.objects.count(), Skill.related.through.objects.count()


def test_importing_twice_gives_the_same_counts_and_changes_nothing() -> None:
    first = skill_catalog_import()
    counts = _counts()
    stamps = dict(Skill.objects.values_list("slug", "updated_at"))
    second = skill_catalog_import()
    assert _counts() == counts
    assert first.skills_created == counts[1] >= 300
    assert second.skills_created == second.skills_updated == 0
    assert second.skills_unchanged == counts[1]
    assert second.related_added == second.related_removed == 0
    assert dict(Skill.objects.values_list("slug", "updated_at")) == stamps


def test_import_fills_search_text_synonyms_and_related_skills() -> None:
    skill_catalog_import()
    spreadsheets = Skill.objects.get(slug="spreadsheets")
    assert spreadsheets.category is not None and spreadsheets.category.slug == "data-analysis"
    assert "excel" in spreadsheets.synonyms
    assert spreadsheets.search_text.splitlines()[0] == "spreadsheets"
    assert "microsoft excel" in spreadsheets.search_text.splitlines()
    assert spreadsheets.esco_uri == "http://data.europa.eu/esco/skill/1973c966-f236-40c9-b2d4-5d71a89019be"
    assert "data-analysis" in set(spreadsheets.related.values_list("slug", flat=True))
    # related is symmetrical
    assert Skill.objects.get(slug="data-analysis").related.filter(slug="spreadsheets").exists()


def test_search_text_is_accent_folded() -> None:
    skill_catalog_import()
    assert "espanol" in Skill.objects.get(slug="spanish").search_text.splitlines()


def test_import_updates_a_changed_row_and_keeps_skills_missing_from_the_file(tmp_path: Path) -> None:
    skill_catalog_import()
    Skill.objects.filter(slug="python").update(label="Old label", synonyms=[])
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data, ignore=shutil.ignore_patterns("esco"))
    rows = list(csv.DictReader((data / "stint_skills.csv").open(encoding="utf-8")))
    fields = list(rows[0])
    kept = [r for r in rows if r["slug"] != "haskell"]
    for row in kept:  # drop links to the removed skill
        row["related"] = "|".join(s for s in row["related"].split("|") if s != "haskell")
    with (data / "stint_skills.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)
    result = skill_catalog_import(data_dir=data)
    assert result.skills_updated == 1
    assert result.not_in_file == ["haskell"]
    assert Skill.objects.get(slug="python").label == "Python"
    assert Skill.objects.filter(slug="haskell").exists()


def test_invalid_data_is_refused_with_every_problem_listed(tmp_path: Path) -> None:
    (tmp_path / "categories.csv").write_text("slug,name,description\nresearch,Research,\n", encoding="utf-8")
    (tmp_path / "stint_skills.csv").write_text(
        "slug,label,category,esco_uri,esco_label,synonyms,related,description\n"
        "a,A,nowhere,http://example.com/x,,,,\n"
        "b,B,research,http://data.europa.eu/esco/skill/1,,,missing,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as caught:
        skill_catalog_import(data_dir=tmp_path)
    assert caught.value.code == "skills_data_invalid"
    messages = " ".join(e["message"] for e in caught.value.errors)
    assert "unknown category" in messages and "not an ESCO skill URI" in messages and "missing" in messages
    assert Skill.objects.count() == 0


def test_the_management_command_reports_and_is_idempotent() -> None:
    out = StringIO()
    call_command("import_skills", stdout=out)
    assert "skills:" in out.getvalue() and "created" in out.getvalue()
    counts = _counts()
    out = StringIO()
    call_command("import_skills", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()
    assert _counts() == counts


def test_the_management_command_fails_loudly_on_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_skills", "--data-dir", str(tmp_path / "nope"))


def test_the_demo_step_imports_the_taxonomy_quickly() -> None:
    from stint.skills.demo import load_skills

    assert load_skills in STEPS
    # "Quickly" is measured in queries, not seconds, so a busy machine cannot fail it:
    # the import works in bulk, never a query per skill.
    with CaptureQueriesContext(connection) as first:
        load_skills({})
    with CaptureQueriesContext(connection) as second:
        load_skills({})
    assert Skill.objects.count() >= 300
    assert len(first.captured_queries) < Skill.objects.count() // 4
    assert len(second.captured_queries) < Skill.objects.count() // 4


def test_factories_still_build_skills(db: Any) -> None:
    from stint.skills.tests.factories import CategoryFactory, SkillFactory

    skill: Skill = SkillFactory(label="Widget polishing")
    assert skill.category is not None and skill.category.slug.startswith("category-")
    assert CategoryFactory(slug="research").slug == "research"
