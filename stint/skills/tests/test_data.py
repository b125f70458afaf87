"""The committed data files: real ESCO URIs, enough skills, clean labels and synonyms."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

DATA = Path(settings.BASE_DIR) / "data" / "skills"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def esco() -> dict[str, str]:
    return {row["id"]: " ".join(row["description"].split()) for row in _rows("esco/skills.csv")}


@pytest.fixture(scope="module")
def skills() -> list[dict[str, str]]:
    return _rows("stint_skills.csv")


def test_the_esco_file_is_the_full_classification(esco: dict[str, str]) -> None:
    assert len(esco) == 13939
    assert all(uri.startswith("http://data.europa.eu/esco/skill/") for uri in esco)


def test_the_list_has_several_hundred_skills(skills: list[dict[str, str]]) -> None:
    assert len(skills) >= 300


def test_every_skill_keeps_a_real_esco_uri_present_in_the_esco_csv(
    skills: list[dict[str, str]], esco: dict[str, str]
) -> None:
    missing = [s["slug"] for s in skills if s["esco_uri"] not in esco]
    assert missing == []


def test_every_esco_label_is_the_start_of_its_concepts_text(skills: list[dict[str, str]], esco: dict[str, str]) -> None:
    wrong = [s["slug"] for s in skills if not esco[s["esco_uri"]].startswith(s["esco_label"])]
    assert wrong == []


def test_slugs_and_uris_are_unique(skills: list[dict[str, str]]) -> None:
    assert [k for k, n in Counter(s["slug"] for s in skills).items() if n > 1] == []
    assert [k for k, n in Counter(s["esco_uri"] for s in skills).items() if n > 1] == []


def test_every_category_is_used_and_known(skills: list[dict[str, str]]) -> None:
    categories = {row["slug"] for row in _rows("categories.csv")}
    used = {s["category"] for s in skills}
    assert used == categories
    for required in ("research", "marketing", "data-analysis", "content-creation", "software", "design"):
        assert required in categories
    assert {"operations", "finance", "sales"} <= categories


def test_labels_are_clean_display_labels_not_the_merged_esco_text(
    skills: list[dict[str, str]], esco: dict[str, str]
) -> None:
    for skill in skills:
        assert skill["label"] == skill["label"].strip()
        assert len(skill["label"]) <= 40, skill["label"]
        assert skill["label"] != esco[skill["esco_uri"]]


def test_descriptions_are_esco_definitions_not_label_lists(skills: list[dict[str, str]], esco: dict[str, str]) -> None:
    described = [s for s in skills if s["description"]]
    assert len(described) >= 0.8 * len(skills)
    for skill in described:
        assert esco[skill["esco_uri"]].endswith(skill["description"])
        assert skill["description"][0].isupper()


def test_well_known_synonyms_are_on_the_right_skills(skills: list[dict[str, str]]) -> None:
    by_slug = {s["slug"]: s for s in skills}
    assert "excel" in by_slug["spreadsheets"]["synonyms"].split("|")
    assert "SEO" in by_slug["search-engine-optimisation"]["synonyms"].split("|")
    assert "js" in by_slug["javascript"]["synonyms"].split("|")


def test_related_skills_point_to_skills_of_the_list(skills: list[dict[str, str]]) -> None:
    slugs = {s["slug"] for s in skills}
    for skill in skills:
        for other in filter(None, skill["related"].split("|")):
            assert other in slugs
