from __future__ import annotations

import pytest

from stint.applications.models import Application
from stint.core.testing.factories import TalentFactory
from stint.demo.applications import load_applications
from stint.engagements.models import Engagement
from stint.messaging.models import Message
from stint.organizations.tests.factories import MembershipFactory
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_demo_step_does_nothing_without_projects():
    load_applications({})
    assert not Application.objects.exists()


def test_the_demo_step_creates_varied_applications_once(personas):
    sam = TalentFactory(email="talent@student.example", name="Sam Rivera")
    for _ in range(3):
        TalentFactory()
    for _ in range(5):
        project = ProjectFactory()
        MembershipFactory(organization=project.organization, user=personas.company_owner, role="owner")
    load_applications({})
    statuses = set(Application.objects.filter(talent=sam).values_list("status", flat=True))
    assert statuses == {"submitted", "shortlisted", "offered", "rejected"}
    assert Engagement.objects.count() == 1
    assert Message.objects.count() == 2
    counts = (Application.objects.count(), Engagement.objects.count(), Message.objects.count())
    load_applications({})
    assert (Application.objects.count(), Engagement.objects.count(), Message.objects.count()) == counts
