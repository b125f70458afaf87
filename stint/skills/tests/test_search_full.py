"""The search engine at the full vocabulary's size (every ESCO skill and the curated core),
built in memory from the shipped files (the import itself is tested in test_vocabulary.py)."""

from __future__ import annotations

import csv
import statistics
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from stint.skills import search
from stint.skills.esco import parse_esco_csv
from stint.skills.sample_queries import SAMPLE_QUERIES
from stint.skills.search import ALT_LABEL, LABEL, SYNONYM, SkillHit, SkillIndex
from stint.skills.text import fold

DATA = Path(settings.BASE_DIR) / "data" / "skills"


@pytest.fixture(scope="module")
def index() -> SkillIndex:
    with (DATA / "stint_skills.csv").open(encoding="utf-8", newline="") as fh:
        curated = list(csv.DictReader(fh))
    curated_uris = {row["esco_uri"] for row in curated}
    hits: list[SkillHit] = []
    terms: list[tuple[int, str, int]] = []
    for row in curated:
        doc = len(hits)
        hits.append(
            SkillHit(uuid.uuid4(), row["slug"], row["label"], row["category"], row["category"], row["esco_uri"], True)
        )
        terms.append((doc, fold(row["label"]), LABEL))
        terms.extend((doc, fold(s), SYNONYM) for s in row["synonyms"].split("|") if s)
    for entry in parse_esco_csv(DATA / "esco" / "skills.csv"):
        if entry.uri in curated_uris:
            continue
        doc = len(hits)
        hits.append(SkillHit(uuid.uuid4(), entry.uuid, entry.preferred_label, "", "", entry.uri))
        terms.append((doc, fold(entry.preferred_label), LABEL))
        terms.extend((doc, fold(a), ALT_LABEL) for a in entry.alt_labels)
    return SkillIndex(hits, terms)


def test_the_index_holds_the_whole_vocabulary(index: SkillIndex) -> None:
    assert len(index.hits) == 13_939
    assert sum(h.featured for h in index.hits) == 399


def test_featured_skills_come_first_and_esco_skills_are_found(index: SkillIndex) -> None:
    assert index.search("excel")[0].slug == "spreadsheets"
    assert index.search("pyhton")[0].label == "Python"
    assert index.search("data anal")[0].label == "Data analysis"
    assert any("tunnel" in h.label for h in index.search("tunnel segments"))
    # Word forms, and a partial match when no skill holds every word:
    assert index.search("A/B tests")[0].label == "A/B testing"
    assert {h.label for h in index.search("HubSpot CRM")[:2]} == {"CRM software", "Customer relationship management"}


def test_a_query_scores_a_bounded_number_of_terms(index: SkillIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    scored: list[int] = []
    original = SkillIndex._score

    def counting(*args: object) -> object:
        scored.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(SkillIndex, "_score", staticmethod(counting))
    for q in ("a", "e", "data", "management", "pricing analysis", "marketing planning"):
        scored.clear()
        index.search(q)
        bound = search.MAX_CANDIDATES * (1 + 2)  # the query, then at most two one-word fallbacks
        assert len(scored) <= bound, (q, len(scored))


def test_autocomplete_stays_fast_at_the_full_vocabulary(index: SkillIndex) -> None:
    """Measured at p95 ≈ 5 ms on an idle machine and ≈ 20 ms with the 2 cores shared by many
    processes (docs/performance.md); the bound here only catches a change of complexity. Other
    processes can only make a run slower, so the best of three runs is compared."""
    queries = [*SAMPLE_QUERIES, "marketing planning", "pricing analysis", "team training", "hubspot crm"]
    runs = []
    for _ in range(3):
        index._memo.clear()
        timings = []
        for q in queries * 2:
            started = time.perf_counter()
            index.search(q, limit=10)
            timings.append((time.perf_counter() - started) * 1000)
        runs.append(statistics.quantiles(timings, n=100)[94])
        if runs[-1] < 100:
            break
    assert min(runs) < 100, runs


def test_phrasal_particles_never_carry_a_partial_match(index: SkillIndex) -> None:
    # No skill holds all three words: the partial match is on the word that names the skill, not
    # on "clean up …" concepts that share only the verb and its particle.
    labels = [h.label for h in index.search("cleaning up spreadsheets")[:3]]
    assert "Spreadsheets" in labels or "Data cleaning" in labels, labels
    assert not any(label.startswith("clean up") for label in labels[:1])


def test_the_best_curated_match_always_holds_one_of_the_first_three_places(index: SkillIndex) -> None:
    # ESCO's long labels hold both words ("… operations improvement procedures"); the curated core's
    # "Process improvement" says it better and keeps a place in the first three.
    hits = index.search("operations improvement", limit=5)
    assert any(h.featured for h in hits[:3]), [h.label for h in hits]
    assert len(hits) >= 3
    # A query whose first three are curated anyway is left alone.
    assert index.search("data anal", limit=3)[0].label == "Data analysis"
