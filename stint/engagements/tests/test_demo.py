from __future__ import annotations

import pytest

from stint.demo.engagements import load_engagements
from stint.engagements.models import Engagement
from stint.payments.invariants import ledger_violations
from stint.payments.tests.factories import engagement_for
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_demo_step_does_nothing_without_engagements():
    load_engagements({})
    assert not Engagement.objects.exists()


def test_the_demo_step_funds_logs_and_submits_once(personas):
    project = ProjectFactory(organization=personas.organization)
    engagement = engagement_for(project, talent=personas.talent)
    load_engagements({})
    engagement.refresh_from_db()
    assert engagement.status == "submitted"
    assert engagement.time_entries.count() == 2
    assert engagement.submissions.get().files.get().content_type == "text/markdown"
    load_engagements({})
    assert engagement.time_entries.count() == 2
    assert ledger_violations() == []
