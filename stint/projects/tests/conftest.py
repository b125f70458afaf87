from __future__ import annotations

from typing import Any

import pytest

from stint.projects.choices import ProjectStatus
from stint.projects.models import ProjectInvitation
from stint.projects.tests.factories import ProjectFactory


@pytest.fixture
def world(personas: Any) -> dict[str, Any]:
    """One project of each visibility and a draft, all of the persona company; the talent is
    invited to the invite-only one. (``test_api_reading`` has its own, with a pending project.)"""
    org = personas.organization
    projects: dict[str, Any] = {
        "public": ProjectFactory(organization=org, title="Public one"),
        "unlisted": ProjectFactory(organization=org, visibility="unlisted", title="Unlisted one"),
        "invite_only": ProjectFactory(organization=org, visibility="invite_only", title="Invite-only one"),
        "draft": ProjectFactory(organization=org, status=ProjectStatus.DRAFT, published_at=None, title="Draft one"),
    }
    ProjectInvitation.objects.create(project=projects["invite_only"], talent=personas.talent)
    return projects
