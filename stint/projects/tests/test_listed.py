"""The one definition of "listed" (``listed_q``): open, public, application deadline in the future.
Every listing (the search engine's documents, the organization's public page, the selectors) uses it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from stint.projects.models import Project
from stint.projects.selectors import listed_q, project_list_open_public_for_organization, project_list_public
from stint.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_listed_means_open_public_and_taking_applications():
    now = timezone.now()
    listed = ProjectFactory(title="Listed", application_deadline=now + datetime.timedelta(hours=1))
    past = ProjectFactory(title="Past deadline", organization=listed.organization)
    Project.objects.filter(pk=past.pk).update(application_deadline=now - datetime.timedelta(minutes=1))
    ProjectFactory(title="Closed", organization=listed.organization, status="closed")
    ProjectFactory(title="Unlisted", organization=listed.organization, visibility="unlisted")
    ProjectFactory(title="Invite only", organization=listed.organization, visibility="invite_only")

    assert list(Project.objects.filter(listed_q()).values_list("title", flat=True)) == ["Listed"]
    assert [p.title for p in project_list_public()] == ["Listed"]
    assert [p.title for p in project_list_open_public_for_organization(organization=listed.organization)] == ["Listed"]
    # The instant matters: the same project is listed a minute earlier.
    earlier = now - datetime.timedelta(minutes=2)
    assert set(Project.objects.filter(listed_q(earlier)).values_list("title", flat=True)) == {"Listed", "Past deadline"}
