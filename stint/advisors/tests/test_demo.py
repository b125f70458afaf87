"""The demo has the network and the talent pool: an institution, an advisor with two cohorts, a
professor sharing an unlisted project, nominations, a talent pool with notes and a recorded hire."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from stint.advisors.models import Cohort, Institution, Nomination, ProjectShare, Referral
from stint.payments.invariants import ledger_violations
from stint.projects.access import Access, project_access
from stint.projects.choices import Visibility
from stint.talentpool.models import Hire, PoolNote
from stint.talentpool.selectors import hires_from_stint, pool_for_organization

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_has_the_network_and_a_talent_pool(django_user_model: Any) -> None:
    call_command("load_demo")
    institution = Institution.objects.get(slug="lakeside-university")
    assert institution.is_verified
    priya = django_user_model.objects.get(email="advisor@university.example")
    assert Cohort.objects.filter(owner=priya).count() == 2
    share = ProjectShare.objects.select_related("project", "shared_by").get(
        cohort__invite_code="lakeside-research-seminar"
    )
    assert share.project.visibility == Visibility.UNLISTED
    assert share.shared_by is not None and share.shared_by.email == "prof.reyes@university.example"
    sam = django_user_model.objects.get(email="talent@student.example")
    assert project_access(project=share.project, user=sam) >= Access.READ  # Sam finds unlisted work through the network
    assert Nomination.objects.count() == 2
    assert Referral.objects.filter(talent=sam, status="given").exists()
    hire = Hire.objects.select_related("organization").get(status="confirmed")
    assert hires_from_stint(organization=hire.organization) == 1
    entries = pool_for_organization(organization=hire.organization)
    assert [e.talent.email for e in entries] == ["jonas.weber@student.example"]
    assert entries[0].notes and PoolNote.objects.count() == 1
    assert ledger_violations() == []
    call_command("load_demo")  # idempotent
    assert Nomination.objects.count() == 2 and Hire.objects.count() == 1 and PoolNote.objects.count() == 1
