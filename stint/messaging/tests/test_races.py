"""Real concurrency on PostgreSQL: first visits of a workspace at once create one thread."""

from __future__ import annotations

import pytest

from stint.messaging.models import Thread
from stint.messaging.services import thread_for_engagement
from stint.payments.tests.factories import engagement_for, funded_project
from stint.payments.tests.test_races import run_concurrently

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_first_visits_create_one_engagement_thread(personas):
    project = funded_project(personas.organization, status="open")
    engagement = engagement_for(project, talent=personas.talent)
    results, errors = run_concurrently(20, lambda i: thread_for_engagement(engagement=engagement).pk)
    assert errors == []
    assert len(results) == 20
    assert len(set(results)) == 1
    assert Thread.objects.filter(engagement=engagement).count() == 1
