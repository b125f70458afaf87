"""The explore pages: public field and occupation pages, the talent-only career path, the nav link."""

from __future__ import annotations

import pytest
from django.test import Client

from stint.core.testing.queries import assert_max_queries
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.tests.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(occupation, fixed_skills):
    category = CategoryFactory(slug="data-analysis", name="Data analysis")
    sql = SkillFactory(label="SQL", slug="sql")
    fixed_skills([sql])
    for fee, currency in ((50_000, "USD"), (60_000, "USD"), (40_000, "EUR")):
        ProjectSkillFactory(project=ProjectFactory(category=category, fee_minor=fee, currency=currency), skill=sql)
    return category


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_anonymous_reads_the_index_and_a_field(data):
    response = _client().get("/explore/")
    assert response.status_code == 200
    assert b'href="/explore/fields/data-analysis/"' in response.content
    assert b'href="/search/?category=data-analysis"' in response.content
    response = _client().get("/explore/fields/data-analysis/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "$550.00" in html and "€400.00" in html  # medians per currency, with the money helper
    assert 'href="/search/?category=data-analysis&amp;skills=sql"' in html
    assert 'role="img"' in html and "<table>" in html and "Projects published per week" in html
    assert "<script" not in html.split("</main>")[0].split("<main")[-1]  # CSP: no inline script


def test_unknown_field_and_occupation_are_404(db):
    assert _client().get("/explore/fields/nope/").status_code == 404
    assert _client().get("/explore/occupations/6f1c7a52-0000-4000-8000-000000000000/").status_code == 404
    assert _client().get("/explore/occupations/not-a-slug/").status_code == 404


def test_anonymous_reads_an_occupation_page_by_id_or_slug(data, occupation):
    for ref in (occupation.pk, occupation.slug):
        response = _client().get(f"/explore/occupations/{ref}/")
        assert response.status_code == 200
        assert b"SQL" in response.content and b"3</strong> open projects" in response.content


def test_index_finds_occupations(data, occupation):
    response = _client().get("/explore/", {"q": "data analyst"})
    assert f'href="/explore/occupations/{occupation.pk}/"'.encode() in response.content


def test_pages_run_a_bounded_number_of_queries(data, occupation, settings):
    """The field page: the field, then 6 queries for its figures (5 while it has fewer open projects
    than it lists, as the count is then the list's length), whatever the number of projects."""
    settings.STINT_EXPLORE_CACHE_SECONDS = 0
    client = _client()
    client.get("/explore/fields/data-analysis/")
    with assert_max_queries(7):
        client.get("/explore/fields/data-analysis/")
    for _ in range(20):
        ProjectSkillFactory(project=ProjectFactory(category=data), skill=SkillFactory())
    with assert_max_queries(7):
        client.get("/explore/fields/data-analysis/")
    with assert_max_queries(8):
        client.get(f"/explore/occupations/{occupation.pk}/")
    with assert_max_queries(6):
        client.get("/explore/")


def test_the_career_path_is_for_signed_in_talent(personas, occupation, data):
    url = f"/explore/path/?occupation={occupation.pk}"
    response = _client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for persona in ("company_owner", "advisor", "staff"):
        assert _client(getattr(personas, persona)).get(url).status_code == 403, persona
    response = _client(personas.talent).get(url)
    assert response.status_code == 200
    assert b"0 of 1 skill covered" in response.content
    assert b"Open projects that would close the gap" in response.content


def test_the_career_path_page_without_or_with_an_unknown_occupation(personas, data):
    client = _client(personas.talent)
    assert client.get("/explore/path/").status_code == 200
    response = client.get("/explore/path/?occupation=nope")
    assert response.status_code == 200 and b"not found" in response.content


def test_the_nav_links_to_explore(personas):
    assert b'<a href="/explore/">Explore</a>' in _client().get("/explore/").content
    assert b'<a href="/explore/">Explore</a>' in _client(personas.talent).get("/").content


def test_the_path_page_suggests_occupations_from_target_roles(personas, occupation):
    TalentProfileFactory(user=personas.talent, target_roles=["Data analyst"])
    response = _client(personas.talent).get("/explore/path/")
    assert f"/explore/path/?occupation={occupation.pk}".encode() in response.content
    assert b"From your target roles" in response.content


def test_public_figures_are_cached_briefly(data, settings):
    from django.core.cache import cache

    settings.STINT_EXPLORE_CACHE_SECONDS = 60
    client = _client()
    client.get("/explore/fields/data-analysis/")
    with assert_max_queries(1):  # the field itself; its figures come from the cache
        assert b"3</strong> open projects" in client.get("/explore/fields/data-analysis/").content
    settings.STINT_EXPLORE_CACHE_SECONDS = 0
    ProjectFactory(category=data)
    assert b"4</strong> open projects" in client.get("/explore/fields/data-analysis/").content
    cache.clear()
