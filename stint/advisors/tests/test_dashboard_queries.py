"""The advisor's cohort dashboard (page, API and CSV) runs a number of queries that does not grow
with the cohort (ARCHITECTURE rule 12: list pages assert a bounded number of queries)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stint.advisors.models import CohortMember
from stint.advisors.testing import cohort_for
from stint.applications.tests.factories import ApplicationFactory
from stint.core.testing.factories import TalentFactory
from stint.core.testing.queries import assert_max_queries
from stint.engagements.tests.helpers import log
from stint.payments.tests.factories import engagement_for, funded_project

pytestmark = pytest.mark.django_db
BOUND = 25  # measured: 18 (page), 14 (API, CSV); docs/advisors.md


def add_students(personas: Any, cohort: Any, n: int) -> None:
    """``n`` students, each with an application, an engagement with logged time and every consent."""
    for i in range(n):
        talent: Any = TalentFactory(email=f"student{cohort.members.count()}-{i}@example.test")
        CohortMember.objects.create(cohort=cohort, talent=talent, share_earnings=True, share_resume=True)
        project = funded_project(personas.organization, actor=personas.company_owner, status="open")
        ApplicationFactory(talent=talent)
        engagement = engagement_for(project, talent=talent)
        log(engagement, talent, 60)


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path", ["/advisors/cohorts/{pk}/", "/api/v1/cohorts/{pk}/dashboard", "/advisors/cohorts/{pk}/dashboard.csv"]
)
def test_the_dashboard_queries_do_not_grow_with_the_cohort(personas: Any, path: str) -> None:
    cohort = cohort_for(personas.advisor, name="Sized class")
    client = Client()
    client.force_login(personas.advisor)
    url = path.format(pk=cohort.pk)
    add_students(personas, cohort, 2)
    client.get(url)  # warm the per-process caches (content types, settings)
    small = count(client, url)
    add_students(personas, cohort, 6)
    with assert_max_queries(BOUND):
        large = count(client, url)
    assert large == small, f"{url}: {small} queries with 2 students, {large} with 8"
