"""The planner owns capacity: the applicant ranking's "free hours" and the accept guard agree."""

from __future__ import annotations

import pytest
from django.test import Client

from stint.applications.tests.factories import ApplicationFactory
from stint.planner.availability import free_hours_for_talents
from stint.planner.selectors import capacity_check
from stint.planner.tests import factories as f

pytestmark = pytest.mark.django_db

FREE = "free hour"


def _reasons_by_talent(rows):
    return {row["talent"]["id"]: " ".join(row["fit_reasons"]) for row in rows}


def test_ranking_says_free_hours_exactly_when_the_accept_guard_would_let_the_talent_in(personas, api_client_for):
    # Two weeks of work, 16 hours: 8 a week. The busy talent's 10 hours a week are mostly taken.
    project = f.project(personas.organization, hours=16, start=0, due=13)
    f.profile(personas.talent, weekly_hours=10)
    f.engagement(personas.talent, personas.other_organization, hours=14, start=0, due=13)
    f.profile(personas.other_talent, weekly_hours=20)
    for talent in (personas.talent, personas.other_talent):
        ApplicationFactory(project=project, talent=talent)

    batch = free_hours_for_talents(talent_ids=[personas.talent.pk, personas.other_talent.pk], project=project)
    for talent in (personas.talent, personas.other_talent):
        assert batch[talent.pk].fits == (capacity_check(talent, project) == []), talent
    assert batch[personas.talent.pk].fits is False
    assert batch[personas.other_talent.pk].fits is True
    assert batch[personas.other_talent.pk].free_hours_per_week >= 8

    # The API's ranked list and the applicant page say "free hours" for the one who fits only.
    rows = api_client_for(personas.company_owner).get(f"projects/{project.pk}/applications").json()["items"]
    reasons = _reasons_by_talent(rows)
    assert FREE not in reasons[str(personas.talent.pk)]
    assert FREE in reasons[str(personas.other_talent.pk)]
    web = Client()
    web.force_login(personas.company_owner)
    html = web.get(f"/applications/project/{project.pk}/").content.decode()
    assert html.count(FREE) == 1


def test_the_batch_costs_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    project = f.project(personas.organization)
    talents = [personas.talent, personas.other_talent]
    for talent in talents:
        f.profile(talent)
        f.engagement(talent, personas.other_organization)
    with django_assert_max_num_queries(7):
        free_hours_for_talents(talent_ids=[t.pk for t in talents], project=project)
