"""Pay floors for every supported currency (issue 14): configured in settings, checked in each
currency's own minor units (JPY has none), and amounts typed in units refused, not rounded, when
they carry more decimals than the currency has."""

from __future__ import annotations

import pytest
from django.conf import settings

from stint.core.money import SUPPORTED_CURRENCIES, from_minor
from stint.projects.choices import ProjectStatus
from stint.projects.forms import ProjectForm
from stint.projects.models import Project
from stint.projects.rules import min_hourly_rate_minor, project_validate, supported_currencies
from stint.projects.tests.helpers import skill_and_category, valid_data
from stint.projects.tests.view_support import _editor_post

pytestmark = pytest.mark.django_db

HOURS = 20


def codes(data: dict) -> list[str]:
    return [e["code"] for e in project_validate(data)]


def test_every_supported_currency_has_a_pay_floor_and_is_offered():
    assert set(settings.STINT_MIN_HOURLY_RATE_MINOR) == set(SUPPORTED_CURRENCIES)
    assert supported_currencies() == sorted(SUPPORTED_CURRENCIES)
    for currency in ("INR", "BRL", "MXN", "NGN", "ZAR", "AUD", "JPY", "CHF"):
        assert min_hourly_rate_minor(currency), currency


@pytest.mark.parametrize("currency", SUPPORTED_CURRENCIES)
def test_the_floor_holds_exactly_at_rate_times_hours_in_each_currency(currency):
    floor = settings.STINT_MIN_HOURLY_RATE_MINOR[currency] * HOURS
    assert codes(valid_data(currency=currency, fee_minor=floor)) == []
    assert "fee_below_minimum_rate" in codes(valid_data(currency=currency, fee_minor=floor - 1))


def test_jpy_floor_is_in_whole_yen():
    # 3,000 yen an hour: JPY has no minor unit, so the stored 60000 is ¥60,000 for 20 hours.
    assert min_hourly_rate_minor("JPY") == 3000
    assert codes(valid_data(currency="JPY", fee_minor=60_000)) == []
    [error] = [e for e in project_validate(valid_data(currency="JPY", fee_minor=59_999)) if e["field"] == "fee"]
    assert error["message"] == "For 20 hours the fee must be at least ¥60,000 (3,000 JPY per hour)."


def test_inr_floor_message_uses_two_decimals():
    [error] = [e for e in project_validate(valid_data(currency="INR", fee_minor=100)) if e["field"] == "fee"]
    assert error["message"] == "For 20 hours the fee must be at least ₹34,000.00 (1,700.00 INR per hour)."


def test_a_floor_follows_its_own_environment_setting(settings):
    settings.STINT_MIN_HOURLY_RATE_MINOR = {**settings.STINT_MIN_HOURLY_RATE_MINOR, "JPY": 5000}
    assert "fee_below_minimum_rate" in codes(valid_data(currency="JPY", fee_minor=60_000))
    assert codes(valid_data(currency="JPY", fee_minor=100_000)) == []


def _form(currency: str, fee: str) -> ProjectForm:
    category, skill = skill_and_category()
    return ProjectForm(_editor_post(category, skill, currency=currency, fee=fee))


def test_the_editor_refuses_decimals_for_jpy_and_keeps_whole_yen():
    refused = _form("JPY", "60000.50")
    assert not refused.is_valid()
    assert "JPY amounts take at most 0 decimals." in refused.errors["fee"]
    accepted = _form("JPY", "60000")
    assert accepted.is_valid(), accepted.errors
    assert accepted.service_data([])["fee_minor"] == 60_000


@pytest.mark.parametrize("currency", [c for c in SUPPORTED_CURRENCIES if c != "JPY"])
def test_the_editor_converts_units_to_minor_units_per_currency(currency):
    form = _form(currency, "1234.56")
    assert form.is_valid(), form.errors
    assert form.service_data([])["fee_minor"] == 123_456


def test_editing_a_jpy_project_shows_the_fee_without_decimals(client, personas):
    category, skill = skill_and_category()
    client.force_login(personas.company_owner)
    response = client.post(
        f"/projects/new/?organization={personas.organization.pk}",
        _editor_post(category, skill, currency="JPY", fee="75000"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get()
    assert (project.fee_minor, project.currency, project.status) == (75_000, "JPY", ProjectStatus.DRAFT)
    assert ProjectForm.initial_for(project)["fee"] == from_minor(75_000, "JPY")
    assert str(ProjectForm.initial_for(project)["fee"]) == "75000"
