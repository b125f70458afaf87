"""Demo data for currencies: the sample rates load idempotently, and projects posted in INR, BRL
and JPY are listed (funded in their own currency) with an approximate fee for comparison."""

from __future__ import annotations

import pytest

from stint.currencies.demo import load_rates
from stint.currencies.models import ExchangeRate
from stint.currencies.selectors import approximation
from stint.demo.loader import DEMO_USERS, ensure_user
from stint.demo.payments import publish_demo_projects
from stint.organizations.demo import load_organizations
from stint.projects.choices import ProjectStatus
from stint.projects.demo import load_projects
from stint.projects.models import Project
from stint.projects.rules import project_data_from_instance, project_validate
from stint.skills.demo import load_skills

pytestmark = pytest.mark.django_db


def test_demo_rates_load_once_and_demo_projects_in_other_currencies_are_listed():
    users = {u.email: ensure_user(u.email, u.name, u.role) for u in DEMO_USERS}
    load_rates(users)
    load_rates(users)
    assert ExchangeRate.objects.count() == 12
    load_skills(users)
    load_organizations(users)
    load_projects(users)
    publish_demo_projects(users)
    foreign = {p.currency: p for p in Project.objects.filter(currency__in=["INR", "BRL", "JPY"])}
    assert set(foreign) == {"INR", "BRL", "JPY"}
    for currency, project in foreign.items():
        assert project.status == ProjectStatus.OPEN, currency
        assert project_validate(project_data_from_instance(project)) == [], currency  # above the floor
        assert approximation(project.fee_minor, currency, "USD") is not None
    assert foreign["JPY"].fee_minor == 48_000  # ¥48,000: no minor unit
