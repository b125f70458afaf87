from __future__ import annotations

import pytest

from stint.demo.loader import DEMO_PASSWORD, DEMO_USERS, STEPS, ensure_user
from stint.organizations.demo import DEMO_ORGANIZATIONS, load_organizations
from stint.organizations.models import Membership, Organization

pytestmark = pytest.mark.django_db


def demo_users():
    return {u.email: ensure_user(u.email, u.name, u.role, staff=u.role == "staff") for u in DEMO_USERS}


def test_demo_step_is_registered():
    assert load_organizations in STEPS


def test_demo_organizations_are_loaded_once():
    users = demo_users()
    load_organizations(users)
    load_organizations(demo_users())
    assert Organization.objects.count() == len(DEMO_ORGANIZATIONS) >= 6
    northwind = Organization.objects.get(slug="northwind-labs")
    assert northwind.name == "Northwind Labs" and northwind.is_verified
    owner = Membership.objects.get(organization=northwind, role="owner").user
    assert owner.email == "owner@northwind.example"
    assert Organization.objects.filter(verified_at__isnull=True).count() == 1
    assert len({o.industry for o in Organization.objects.all()}) == len(DEMO_ORGANIZATIONS)
    assert len({o.size for o in Organization.objects.all()}) >= 4
    for org in Organization.objects.all():
        assert Membership.objects.filter(organization=org, role="owner").exists()
    lena = users["lena@brightpath.example"]
    assert lena.role == "company" and lena.check_password(DEMO_PASSWORD)
