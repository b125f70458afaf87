"""The ESCO parser on real rows of data/skills/esco/skills.csv (copied verbatim), with word
statistics taken from the whole shipped file, as the importer does."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from stint.skills.esco import EscoParser, read_esco_csv

DATA = Path(settings.BASE_DIR) / "data" / "skills"
URI = "http://data.europa.eu/esco/skill/x"


@pytest.fixture(scope="module")
def parser() -> EscoParser:
    return EscoParser(text for _, text in read_esco_csv(DATA / "esco" / "skills.csv"))


def test_verb_labels_are_cut_before_each_label_opening_verb(parser: EscoParser) -> None:
    text = (
        "manage musical staff manage staff of music coordinate duties of musical staff manage music staff "
        "direct musical staff Assign and manage staff tasks in areas such as scoring, arranging, copying "
        "music and vocal coaching."
    )
    entry = parser.parse(URI, text)
    assert entry.preferred_label == "manage musical staff"
    assert entry.alt_labels == (
        "manage staff of music",
        "coordinate duties of musical staff",
        "manage music staff",
        "direct musical staff",
    )
    assert entry.definition.startswith("Assign and manage staff tasks")


def test_product_names_stay_in_the_labels_and_the_definition_starts_at_the_prose(parser: EscoParser) -> None:
    text = (
        "MySQL MySQL Enterprise Edition MySQL Embedded (OEM/ISV) MySQL Classic Edition MySQL Standard "
        "Edition MySQL Cluster CGE The computer program MySQL is a tool for creating, updating and managing "
        "databases, currently developed by the software company Oracle."
    )
    entry = parser.parse(URI, text)
    assert entry.preferred_label == "MySQL"
    assert "MySQL Enterprise Edition" in entry.alt_labels
    assert "MySQL Cluster CGE" in entry.alt_labels
    assert entry.definition.startswith("The computer program MySQL")


def test_a_parenthesised_preferred_label_and_short_alternatives(parser: EscoParser) -> None:
    text = (
        "Python (computer programming) Python 3K Python The techniques and principles of software "
        "development, such as analysis, algorithms, coding, testing and compiling of programming paradigms in Python."
    )
    entry = parser.parse(URI, text)
    assert entry.preferred_label == "Python (computer programming)"
    assert entry.alt_labels == ("Python 3K", "Python")
    assert entry.definition.startswith("The techniques and principles")


def test_parallel_labels_are_aligned_on_their_shared_words(parser: EscoParser) -> None:
    text = (
        "communicate analytical insights impart analytical observations communicate analytical findings "
        "impart analytical insights Obtain analytical insights and share them with relevant teams."
    )
    entry = parser.parse(URI, text)
    assert entry.preferred_label == "communicate analytical insights"
    assert entry.alt_labels == (
        "impart analytical observations",
        "communicate analytical findings",
        "impart analytical insights",
    )


def test_gerund_alternatives_and_knowledge_labels(parser: EscoParser) -> None:
    text = (
        "write job descriptions come up with job descriptions write descriptions of jobs writing job "
        "descriptions create job descriptions write job description Prepare a description of the required "
        "profile, qualifications and skills for a specific function."
    )
    entry = parser.parse(URI, text)
    assert entry.preferred_label == "write job descriptions"
    assert "writing job descriptions" in entry.alt_labels
    assert "create job descriptions" in entry.alt_labels
    text = "principles of artificial intelligence principles of AI The artificial intelligence theories, applied principles."
    entry = parser.parse(URI, text)
    assert (entry.preferred_label, entry.alt_labels) == ("principles of artificial intelligence", ("principles of AI",))


def test_a_definition_opening_with_a_rare_adverb_is_found(parser: EscoParser) -> None:
    text = (
        "define artistic vision define vision state artistic vision defining artistic vision Continually "
        "develop and define a concrete artistic vision, starting from the proposal."
    )
    entry = parser.parse(URI, text)
    assert entry.preferred_label == "define artistic vision"
    assert entry.definition.startswith("Continually develop")
    assert "defining artistic vision" in entry.alt_labels


def test_duplicated_labels_are_kept_once_and_a_text_without_definition_is_all_labels(parser: EscoParser) -> None:
    entry = parser.parse(URI, "monitor roasting monitor roasting supervise coffee roasting")
    assert entry.preferred_label == "monitor roasting"
    assert entry.alt_labels == ("supervise coffee roasting",)
    assert entry.definition == ""


def test_preferred_labels_match_the_hand_checked_curated_labels_for_most_concepts(parser: EscoParser) -> None:
    """data/skills/stint_skills.csv pins the ESCO preferred label of 399 concepts (checked by hand
    when the curated list was built): the parser finds most of them exactly (80% when written)."""
    texts = dict(read_esco_csv(DATA / "esco" / "skills.csv"))
    with (DATA / "stint_skills.csv").open(encoding="utf-8", newline="") as fh:
        curated: list[dict[str, Any]] = list(csv.DictReader(fh))
    exact = sum(
        parser.parse(row["esco_uri"], texts[row["esco_uri"]]).preferred_label == row["esco_label"] for row in curated
    )
    assert exact / len(curated) >= 0.78, f"{exact}/{len(curated)}"
