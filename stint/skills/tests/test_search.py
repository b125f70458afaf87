from __future__ import annotations

from typing import Any

import pytest

from stint.skills.selectors import skill_search
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.skills.text import fold, osa_distance

pytestmark = pytest.mark.django_db


def _slugs(q: str, **kw: Any) -> list[str]:
    return [hit.slug for hit in skill_search(q, **kw)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("excel", "spreadsheets"),
        ("Microsoft Excel", "spreadsheets"),
        ("google sheets", "spreadsheets"),
        ("seo", "search-engine-optimisation"),
        ("SEO", "search-engine-optimisation"),
        ("search engine optimization", "search-engine-optimisation"),
        ("python", "python"),
        ("pyhton", "python"),
        ("javscript", "javascript"),
        ("javascirpt", "javascript"),
        ("js", "javascript"),
        ("figma", "user-interface-design"),
        ("spreadshets", "spreadsheets"),
        ("c++", "cpp"),
        ("c#", "csharp"),
        ("r", "r"),
        ("gdpr", "data-protection"),
        ("espanol", "spanish"),
        ("Español", "spanish"),
        ("photoshp", "adobe-photoshop"),
        ("copywritting", "copywriting"),
        ("proofreding", "proofreading"),
        ("data anal", "data-analysis"),
    ],
)
def test_the_expected_skill_comes_first(catalog: Any, query: str, expected: str) -> None:
    assert _slugs(query)[0] == expected


def test_typing_a_prefix_finds_marketing_skills(catalog: Any) -> None:
    hits = skill_search("mark", limit=8)
    assert len(hits) == 8
    assert all("market" in fold(hit.label) for hit in hits)
    assert {hit.category_slug for hit in hits} <= {"marketing", "research"}


def test_a_typo_while_typing_still_finds_the_skill(catalog: Any) -> None:
    assert "javascript" in _slugs("javsc")
    assert "python" in _slugs("pyth")


def test_exact_matches_rank_before_fuzzy_ones(catalog: Any) -> None:
    slugs = _slugs("statistics", limit=5)
    assert slugs[0] == "statistics"


def test_nonsense_finds_nothing(catalog: Any) -> None:
    assert skill_search("qqxzvv") == []


def test_the_category_filter_restricts_results(catalog: Any) -> None:
    hits = skill_search("data", limit=20, category="software")
    assert hits and all(hit.category_slug == "software" for hit in hits)


def test_limit_is_respected_and_capped(catalog: Any) -> None:
    assert len(skill_search("a", limit=3)) == 3
    assert len(skill_search("", limit=500)) == 50


def test_an_empty_query_lists_skills_alphabetically(catalog: Any) -> None:
    labels = [hit.label for hit in skill_search("", limit=10)]
    assert labels == sorted(labels, key=str.casefold)


def test_a_new_skill_is_searchable_at_once(catalog: Any) -> None:
    assert skill_search("zettelkasten") == []
    SkillFactory(slug="zettelkasten", label="Zettelkasten", category=CategoryFactory(slug="research"))
    assert [hit.slug for hit in skill_search("zettelkasten")] == ["zettelkasten"]


def test_a_renamed_skill_is_found_by_its_new_label(catalog: Any) -> None:
    from stint.skills.models import Skill

    skill = Skill.objects.get(slug="haskell")
    assert _slugs("haskell")[0] == "haskell"
    skill.label = "Haskell programming"
    skill.synonyms = ["ghc"]
    skill.save()
    assert _slugs("ghc")[0] == "haskell"


def test_the_index_answers_without_sql_once_built(catalog: Any, django_assert_num_queries: Any) -> None:
    skill_search("warm up")
    with django_assert_num_queries(0):
        skill_search("excel")
        skill_search("pyhton")


def test_the_index_notices_changes_made_by_another_process(catalog: Any, settings: Any) -> None:
    """Another process's import bumps no version in a per-process cache: the periodic database
    fingerprint check catches it."""
    from django.core.cache import cache

    from stint.skills.models import Skill
    from stint.skills.search import VERSION_CACHE_KEY

    settings.SKILLS_INDEX_RECHECK_SECONDS = 0
    skill_search("warm up")
    version = cache.get(VERSION_CACHE_KEY)
    Skill.objects.filter(slug="haskell").update(label="Haskell zeta")  # no signal, like another process
    assert cache.get(VERSION_CACHE_KEY) == version
    assert _slugs("zeta") == []  # the label changed but updated_at did not: fingerprint unchanged
    from django.utils import timezone

    Skill.objects.filter(slug="haskell").update(label="Haskell zeta", updated_at=timezone.now())
    assert _slugs("zeta") == ["haskell"]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("python", "python", 0), ("pyhton", "python", 1), ("javscript", "javascript", 1), ("kitten", "sitting", 3)],
)
def test_osa_distance(a: str, b: str, distance: int) -> None:
    assert osa_distance(a, b, 5) == distance


def test_osa_distance_stops_at_the_limit() -> None:
    assert osa_distance("kitten", "sitting", 1) == 2
    assert osa_distance("a", "abcdef", 2) == 3


def test_fold_keeps_plus_and_sharp_and_drops_accents() -> None:
    assert fold("  Español / C++  C#  node.js ") == "espanol c++ c# node js"
