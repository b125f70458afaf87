"""Filters speak the user's units: pay in currency units (the same meaning on /search/, /projects/
and both APIs), skills by name, time zones from a list, and "fits my free hours" from the planner."""

from __future__ import annotations

import pytest

from stint.core.testing.factories import TalentFactory
from stint.matching.indexing import reindex_projects
from stint.planner.selectors import capacity_check
from stint.projects.tests.factories import ProjectFactory
from stint.talent.tests.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db


def _titles_api(client, path: str, params: dict) -> set[str]:
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def _titles_page(client, path: str, params: dict, candidates) -> set[str]:
    response = client.get(path, params)
    assert response.status_code == 200
    html = response.content.decode()
    return {p.title for p in candidates if p.title in html}


def _all(catalogue):
    return [catalogue.market, catalogue.dashboard, catalogue.churn, catalogue.logo]


@pytest.mark.parametrize(
    ("units", "expected"),
    [("26", {"market", "churn", "logo"}), ("30", {"market", "churn", "logo"}), ("30.01", {"churn"}), ("0", None)],
)
def test_a_minimum_hourly_rate_in_units_means_the_same_everywhere(catalogue, client, units, expected):
    everything = {p.title for p in _all(catalogue)}
    want = everything if expected is None else {getattr(catalogue, name).title for name in expected}
    minor = str(int(float(units) * 100))
    assert _titles_api(client, "/api/v1/search/projects", {"min_rate": units}) == want
    assert _titles_api(client, "/api/v1/search/projects", {"min_hourly_rate": minor}) == want  # minor units
    assert _titles_api(client, "/api/v1/projects", {"min_rate": units}) == want
    assert _titles_api(client, "/api/v1/projects", {"min_rate": units, "q": "a"}) <= want
    assert _titles_page(client, "/search/", {"min_rate": units}, _all(catalogue)) == want
    assert _titles_page(client, "/projects/", {"min_hourly_rate": units}, _all(catalogue)) == want


def test_a_zero_decimal_currency_is_compared_in_its_own_units(catalogue, client):
    yen = ProjectFactory(
        title="Translate a menu into Japanese", currency="JPY", fee_minor=60_000, estimated_hours=20
    )  # ¥3,000 per hour
    reindex_projects([yen.pk])
    # The amount is in the ``currency`` filter's units when no ``rate_currency`` is given.
    assert _titles_api(client, "/api/v1/search/projects", {"min_rate": "2500", "currency": "JPY"}) == {yen.title}
    assert _titles_api(client, "/api/v1/search/projects", {"min_rate": "3500", "currency": "JPY"}) == set()
    assert _titles_page(client, "/projects/", {"min_hourly_rate": "3500", "rate_currency": "JPY"}, [yen]) == set()
    assert _titles_page(client, "/projects/", {"min_hourly_rate": "2500", "rate_currency": "JPY"}, [yen]) == {yen.title}
    # Without exchange rates a USD minimum cannot be compared with a JPY project: it is kept
    # (docs/currencies.md "Filtering by rate"; stint/matching/tests/test_rate_across_currencies.py).
    assert yen.title in _titles_api(client, "/api/v1/search/projects", {"min_rate": "26"})
    assert _titles_page(client, "/projects/", {"min_hourly_rate": "3500"}, [yen]) == {yen.title}


def test_minimum_total_pay_in_units(catalogue, client):
    # fees: market 300, dashboard 500, churn 1200, logo 240 (USD)
    want = {catalogue.dashboard.title, catalogue.churn.title}
    assert _titles_api(client, "/api/v1/search/projects", {"min_pay": "450"}) == want
    assert _titles_page(client, "/search/", {"min_pay": "450"}, _all(catalogue)) == want


@pytest.mark.parametrize("bad", ["-1", "abc", "1.234"])
def test_a_bad_amount_is_a_clear_422_and_a_form_error(catalogue, client, bad):
    response = client.get("/api/v1/search/projects", {"min_rate": bad})
    assert response.status_code == 422
    page = client.get("/search/", {"min_rate": bad})
    assert page.status_code == 200
    assert 'id="min-rate-error"' in page.content.decode()


def test_the_search_page_speaks_units_names_and_places(catalogue, client):
    html = client.get("/search/").content.decode()
    assert "minor units" not in html
    assert "slugs" not in html
    assert "IANA" not in html
    assert 'list="timezone-names"' in html
    assert '<option value="Europe/Paris">' in html
    assert "data-skill-autocomplete" in html
    assert "skills/autocomplete.js" in html
    assert "<script>" not in html  # no inline script (CSP)


def test_skills_can_be_typed_by_name_without_javascript(catalogue, client):
    want = {catalogue.dashboard.title, catalogue.churn.title}
    assert _titles_page(client, "/search/", {"skills": "python"}, _all(catalogue)) == want
    response = client.get("/search/", {"skills": ["", "Python"]})
    assert _titles_page(client, "/search/", {"skills": ["", "Python"]}, _all(catalogue)) == want
    # The chosen skill comes back as a checked box (the autocomplete's initial selection).
    assert 'value="python" checked' in response.content.decode()


def test_fits_my_free_hours_uses_the_planners_capacity_check(catalogue, client, api_client_for):
    talent = TalentFactory(email="busy@example.test")
    TalentProfileFactory(user=talent, weekly_hours=5)
    fitting = {p.title for p in _all(catalogue) if not capacity_check(talent, p)}
    assert fitting and fitting != {p.title for p in _all(catalogue)}  # the filter has something to do

    assert _titles_api(api_client_for(talent), "search/projects", {"fits_free_hours": "true"}) == fitting
    client.force_login(talent)
    html = client.get("/search/").content.decode()
    assert 'name="fits_free_hours"' in html
    assert _titles_page(client, "/search/", {"fits_free_hours": "on"}, _all(catalogue)) == fitting


def test_fits_my_free_hours_is_for_signed_in_talent(catalogue, client, api_client_for, personas):
    response = client.get("/api/v1/search/projects", {"fits_free_hours": "true"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "fits_free_hours"
    response = api_client_for(personas.company_owner).get("search/projects", {"fits_free_hours": "true"})
    assert response.status_code == 422
    client.force_login(personas.company_owner)
    assert 'name="fits_free_hours"' not in client.get("/search/").content.decode()
