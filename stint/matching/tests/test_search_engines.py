"""The same data and queries give the same results on SQLite FTS5 and PostgreSQL full-text search.

CI runs this module on both databases; the expected ids are written once here.
"""

from __future__ import annotations

import pytest

from stint.core.testing.queries import assert_max_queries
from stint.matching.search import SearchFilters, project_search
from stint.projects.models import Project

pytestmark = pytest.mark.django_db


def search(q: str = "", sort: str = "best", page: int = 1, page_size: int = 20, **filters):
    return project_search(q=q, filters=SearchFilters(**filters), sort=sort, page=page, page_size=page_size)


def ids(*projects):
    return [p.pk for p in projects]


def test_a_word_in_titles_ranks_title_matches_first(catalogue):
    result = search("market")
    assert result.ids_in_order == ids(catalogue.market, catalogue.dashboard)
    assert result.count == 2


def test_skills_and_synonyms_are_searchable(catalogue):
    assert set(search("python").ids_in_order) == {catalogue.dashboard.pk, catalogue.churn.pk}
    assert set(search("py").ids_in_order) == {catalogue.dashboard.pk, catalogue.churn.pk}
    assert search("prototyping").ids_in_order == ids(catalogue.logo)


def test_organization_names_are_searchable(catalogue):
    assert set(search("acme").ids_in_order) == {catalogue.market.pk, catalogue.churn.pk}


def test_every_word_must_match_and_the_last_is_a_prefix(catalogue):
    assert search("churn analy").ids_in_order == ids(catalogue.churn)
    assert search("budget").ids_in_order == ids(catalogue.market)
    assert search("churn logo").ids_in_order == []


def test_accents_and_case_are_folded(catalogue):
    assert search("CAFE").ids_in_order == ids(catalogue.churn)
    assert search("café").ids_in_order == ids(catalogue.churn)


def test_stop_words_are_ignored(catalogue):
    assert search("the churn of customers").ids_in_order == ids(catalogue.churn)


def test_closed_unlisted_invite_only_and_draft_projects_never_appear(catalogue):
    found = set(search("research").ids_in_order) | set(search("").ids_in_order)
    for project in (catalogue.closed, catalogue.unlisted, catalogue.invite_only, catalogue.draft):
        assert project.pk not in found


def test_a_project_closed_after_indexing_disappears_at_once(catalogue):
    Project.objects.filter(pk=catalogue.market.pk).update(status="closed")
    assert catalogue.market.pk not in search("market").ids_in_order
    assert catalogue.market.pk not in search("").ids_in_order


@pytest.mark.parametrize("q", ["", "market"])
def test_category_filter(catalogue, q):
    expected = {"": {catalogue.market.pk}, "market": {catalogue.market.pk}}[q]
    assert set(search(q, category="research").ids_in_order) == expected


def test_filters_on_hours_fee_rate_due_date_verification_and_skills(catalogue):
    assert set(search(max_hours=10).ids_in_order) == {catalogue.market.pk, catalogue.logo.pk}
    assert set(search(min_hours=11, max_hours=20).ids_in_order) == {catalogue.dashboard.pk}
    assert set(search(min_fee=50_000).ids_in_order) == {catalogue.dashboard.pk, catalogue.churn.pk}
    assert set(search(max_fee=24_000).ids_in_order) == {catalogue.logo.pk}
    assert set(search(min_hourly_rate=3_000).ids_in_order) == {
        catalogue.market.pk,
        catalogue.churn.pk,
        catalogue.logo.pk,
    }
    assert set(search(verified_only=True).ids_in_order) == {catalogue.market.pk, catalogue.churn.pk}
    assert set(search(skills=(catalogue.figma.pk,)).ids_in_order) == {catalogue.logo.pk}
    assert set(search("python", verified_only=True).ids_in_order) == {catalogue.churn.pk}
    due = catalogue.market.due_date
    assert len(search(due_before=due).ids_in_order) == 4
    assert search(due_before=due.replace(year=due.year - 1)).ids_in_order == []


def test_time_zone_filter_keeps_projects_of_organizations_without_a_time_zone(catalogue):
    assert search(utc_offset_minutes=540).count == 4


def test_sorts(catalogue):
    assert search(sort="newest").ids_in_order == ids(
        catalogue.dashboard, catalogue.logo, catalogue.churn, catalogue.market
    )
    assert search(sort="best").ids_in_order == search(sort="newest").ids_in_order
    assert search(sort="closing").ids_in_order == ids(
        catalogue.logo, catalogue.market, catalogue.churn, catalogue.dashboard
    )
    assert search(sort="rate").ids_in_order[:1] == ids(catalogue.churn)
    assert search("python", sort="rate").ids_in_order == ids(catalogue.churn, catalogue.dashboard)
    assert search("python", sort="newest").ids_in_order == ids(catalogue.dashboard, catalogue.churn)
    assert search("python", sort="closing").ids_in_order == ids(catalogue.churn, catalogue.dashboard)


def test_pagination(catalogue):
    first = search(sort="newest", page=1, page_size=3)
    second = search(sort="newest", page=2, page_size=3)
    assert first.count == second.count == 4
    assert first.ids_in_order + second.ids_in_order == search(sort="newest").ids_in_order


@pytest.mark.parametrize("q", ["", "data"])
def test_facets_count_categories_and_hours_buckets(catalogue, q):
    result = search(q)
    categories = {c["slug"]: c["count"] for c in result.facets["category"]}
    hours = {h["key"]: h["count"] for h in result.facets["hours"]}
    if q == "":
        assert categories == {"research": 1, "data-analysis": 2, "design": 1}
        assert hours == {"up-to-10": 2, "11-20": 1, "21-40": 1}
    else:
        assert categories == {"data-analysis": 2}
        assert hours == {"up-to-10": 0, "11-20": 1, "21-40": 1}
    names = {c["slug"]: c["name"] for c in result.facets["category"]}
    assert names.get("data-analysis") == "Data analysis"


def test_a_facet_ignores_its_own_filter_but_not_the_others(catalogue):
    result = search(category="data-analysis", max_hours=20)
    assert result.ids_in_order == ids(catalogue.dashboard)
    categories = {c["slug"]: c["count"] for c in result.facets["category"]}
    assert categories == {"research": 1, "data-analysis": 1, "design": 1}
    hours = {h["key"]: h["count"] for h in result.facets["hours"]}
    assert hours == {"up-to-10": 0, "11-20": 1, "21-40": 1}


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '""market',
        "*",
        "market*",
        "NEAR(market",
        "-market",
        "market OR logo",
        "title:market",
        "a\x00b",
        "\x00",
        "'",
        "market & !logo",
        "(",
        ")",
        ":*",
        "^",
        "NOT",
        "AND",
        "+",
        "{title}: x",
        "'; DROP TABLE x; --",
    ],
)
def test_unsafe_query_strings_do_not_error(catalogue, q):
    result = search(q)
    assert result.count >= 0


def test_operators_are_treated_as_words(catalogue):
    assert search("-market").ids_in_order == search("market").ids_in_order
    assert search("market OR logo").ids_in_order == []
    assert search("NEAR(market").ids_in_order == []


def test_candidates_are_capped(catalogue, settings):
    settings.STINT_SEARCH_MAX_CANDIDATES = 1
    result = search("python")
    assert result.capped
    assert result.count == 1


def test_the_newest_candidates_are_the_ones_ranked(catalogue, settings):
    # Both python projects match; with room for one candidate, the most recently indexed one wins
    # (no ranking of every match before the limit).
    from stint.matching.models import ProjectSearchDocument

    settings.STINT_SEARCH_MAX_CANDIDATES = 1
    newest = ProjectSearchDocument.objects.filter(project_id__in=[catalogue.dashboard.pk, catalogue.churn.pk]).latest(
        "id"
    )
    assert search("python").ids_in_order == [newest.project_id]


def test_a_capped_query_with_filters_that_exclude_every_candidate_reports_the_cap(catalogue, settings):
    settings.STINT_SEARCH_MAX_CANDIDATES = 1
    result = search("python", category="design")
    assert result.ids_in_order == []
    assert result.count == 0
    assert result.capped


@pytest.mark.parametrize(
    "q, filters",
    [("market", {}), ("python", {"category": "data-analysis", "max_hours": 30, "verified_only": True}), ("", {})],
)
def test_a_search_runs_a_bounded_number_of_queries(catalogue, settings, q, filters):
    settings.STINT_SEARCH_FACET_CACHE_SECONDS = 0
    # SQLite: the text statement (or browse counts + page), the live check of the page, category
    # names. PostgreSQL adds the savepoint and SET LOCAL statement_timeout around the text statement.
    with assert_max_queries(6):
        result = search(q, **filters)
    assert result.ids_in_order
