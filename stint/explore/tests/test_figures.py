"""A field's figures on known data, computed by hand (docs/explore.md has the definitions)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Q

from stint.core.money import Money
from stint.core.testing.queries import assert_max_queries
from stint.explore import selectors
from stint.explore.stats import IntSummary
from stint.organizations.tests.factories import OrganizationFactory
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import CategoryFactory, SkillFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC)  # a Wednesday
START = datetime.date(2026, 12, 10)


def _project(category, *, fee, hours, days, published, currency="USD", **kw):
    return ProjectFactory(
        category=category,
        fee_minor=fee,
        estimated_hours=hours,
        currency=currency,
        start_date=START,
        due_date=START + datetime.timedelta(days=days - 1),
        published_at=published,
        **kw,
    )


@pytest.fixture
def field():
    """Four projects that count (three USD, one EUR) and five that must not."""
    category = CategoryFactory(slug="field-a", name="Field A")
    other = CategoryFactory(slug="field-b", name="Field B")
    acme, globex = OrganizationFactory(name="Acme"), OrganizationFactory(name="Globex")
    sql, excel, rare = SkillFactory(label="SQL"), SkillFactory(label="Excel"), SkillFactory(label="Rare")
    day = datetime.timedelta(days=1)
    p1 = _project(category, fee=50_000, hours=20, days=14, published=NOW - 1 * day, organization=acme)
    p2 = _project(category, fee=60_000, hours=24, days=8, published=NOW - 8 * day, organization=acme)
    p3 = _project(category, fee=90_000, hours=30, days=21, published=NOW - 15 * day, status=ProjectStatus.CLOSED)
    p4 = _project(category, fee=40_000, hours=10, days=10, published=NOW - 2 * day, currency="EUR", organization=globex)
    # Not counted: a draft, an unlisted and a cancelled project, one published over a year ago,
    # and one of another field.
    _project(category, fee=999_000, hours=5, days=3, published=None, status=ProjectStatus.DRAFT)
    _project(category, fee=999_000, hours=5, days=3, published=NOW - day, visibility=Visibility.UNLISTED)
    _project(category, fee=999_000, hours=5, days=3, published=NOW - day, status=ProjectStatus.CANCELLED)
    _project(category, fee=999_000, hours=5, days=3, published=NOW - 400 * day, status=ProjectStatus.CLOSED)
    _project(other, fee=999_000, hours=5, days=3, published=NOW - day)
    for project in (p1, p2, p3):
        ProjectSkillFactory(project=project, skill=sql)
    ProjectSkillFactory(project=p1, skill=excel)
    ProjectSkillFactory(project=p4, skill=excel)
    ProjectSkillFactory(project=p2, skill=rare, required=False)  # nice to have: not "asked for"
    return category


def test_field_figures_match_the_hand_computed_values(field):
    o = selectors.field_overview(category=field, now=NOW)
    assert o.open_count == 3 and o.market_count == 4
    usd, eur = o.fees
    assert (usd.currency, usd.count, usd.median, usd.low, usd.high) == (
        "USD",
        3,
        Money(60_000, "USD"),
        Money(50_000, "USD"),
        Money(90_000, "USD"),
    )
    assert (eur.currency, eur.count, eur.median, eur.low, eur.high) == (
        "EUR",
        1,
        Money(40_000, "EUR"),
        Money(40_000, "EUR"),
        Money(40_000, "EUR"),
    )
    # Hourly: 50000/20 = 2500, 60000/24 = 2500, 90000/30 = 3000; EUR 40000/10 = 4000.
    usd_rate, eur_rate = o.hourly
    assert (usd_rate.median, usd_rate.low, usd_rate.high) == (
        Money(2500, "USD"),
        Money(2500, "USD"),
        Money(3000, "USD"),
    )
    assert eur_rate.median == Money(4000, "EUR")
    # Hours 10, 20, 24, 30 → (20 + 24) / 2 = 22; durations 8, 10, 14, 21 days → (10 + 14) / 2 = 12.
    assert o.hours == IntSummary(count=4, median=22, low=10, high=30)
    assert o.duration == IntSummary(count=4, median=12, low=8, high=21)


def test_trend_counts_projects_per_week(field):
    o = selectors.field_overview(category=field, now=NOW)
    # NOW - 1 d = Tue 1 Dec and NOW - 2 d = Mon 30 Nov (this week: 2), - 8 d = Tue 24 Nov (week of
    # 23 Nov: 1), - 15 d = Tue 17 Nov (week of 16 Nov: 1).
    assert o.trend[-1].start == datetime.date(2026, 11, 30)
    assert [w.count for w in o.trend[-3:]] == [1, 1, 2]
    assert sum(w.count for w in o.trend) == 4


def test_trend_edges_are_utc_mondays(db):
    category = CategoryFactory(slug="edges")
    utc = datetime.UTC
    for moment in (
        datetime.datetime(2026, 9, 13, 23, 59, tzinfo=utc),  # the Sunday before the first week: out
        datetime.datetime(2026, 9, 14, 0, 0, tzinfo=utc),  # first week
        datetime.datetime(2026, 9, 20, 23, 59, tzinfo=utc),  # first week, its Sunday
        datetime.datetime(2026, 11, 29, 23, 59, tzinfo=utc),  # week of 23 Nov
        datetime.datetime(2026, 11, 30, 0, 0, tzinfo=utc),  # this week
        # 01:00 in UTC+2 is 23:00 UTC on Sunday 29 Nov: the week of 23 Nov
        datetime.datetime(2026, 11, 30, 1, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
    ):
        _project(category, fee=10_000, hours=10, days=5, published=moment)
    o = selectors.field_overview(category=category, now=NOW)
    assert [w.count for w in o.trend] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1]
    assert o.market_count == 6  # the one before the trend's weeks is still in the last 12 months


def test_pay_comes_from_the_most_recent_sample(db, monkeypatch):
    monkeypatch.setattr(selectors, "MARKET_SAMPLE", 3)
    category = CategoryFactory(slug="sampled")
    for days_ago, fee in ((1, 10_000), (2, 20_000), (3, 30_000), (4, 900_000), (5, 900_000)):
        _project(category, fee=fee, hours=10, days=5, published=NOW - datetime.timedelta(days=days_ago))
    o = selectors.field_overview(category=category, now=NOW)
    assert o.sampled and o.market_count == 3
    assert o.fees[0].median == Money(20_000, "USD") and o.fees[0].high == Money(30_000, "USD")
    assert sum(w.count for w in o.trend) == 5  # counts are not sampled
    assert o.open_count == 5


def test_skills_most_asked_and_organizations_hiring(field):
    o = selectors.field_overview(category=field, now=NOW)
    assert [(s["label"], s["projects"]) for s in o.skills] == [("SQL", 3), ("Excel", 2)]
    # Hiring = open projects: Acme has two, Globex one (the closed project's organization is not hiring).
    assert [(x["name"], x["projects"]) for x in o.organizations] == [("Acme", 2), ("Globex", 1)]
    assert [p.fee_minor for p in o.open_projects] == [50_000, 40_000, 60_000]  # newest first


def test_an_empty_field_has_no_figures():
    category = CategoryFactory(slug="empty-field")
    o = selectors.field_overview(category=category, now=NOW)
    assert (o.open_count, o.market_count, o.fees, o.hours, o.duration) == (0, 0, [], None, None)
    assert [w.count for w in o.trend] == [0] * 12


def test_the_field_list_has_open_counts_and_rates(field):
    rows = {r["category"].slug: r for r in selectors.field_list()}
    assert rows["field-a"]["open_count"] == 3
    assert [(m.currency, m.median) for m in rows["field-a"]["hourly"]] == [
        ("USD", Money(2500, "USD")),
        ("EUR", Money(4000, "EUR")),
    ]
    assert rows["field-b"]["open_count"] == 1


def test_queries_do_not_grow_with_the_number_of_projects(field):
    with assert_max_queries(6):
        selectors.overview(scope=Q(category=field), now=NOW)
    with assert_max_queries(2):
        selectors.field_list()
    for _ in range(30):
        ProjectSkillFactory(project=_project(field, fee=10_000, hours=5, days=3, published=NOW))
    with assert_max_queries(6):
        o = selectors.overview(scope=Q(category=field), now=NOW)
    assert o.open_count == 33
    with assert_max_queries(2):
        selectors.field_list()
