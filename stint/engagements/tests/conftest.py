from __future__ import annotations

from typing import Any

import pytest

from stint.payments.tests.factories import engagement_for, funded_project
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory


@pytest.fixture
def project(personas: Any) -> Any:
    """A funded open project of ``personas.organization``: fee 500.00 USD, 20 hours, one skill."""
    project = funded_project(personas.organization, actor=personas.company_owner, status="open")
    ProjectSkillFactory(project=project)
    return project


@pytest.fixture
def engagement(personas: Any, project: Any) -> Any:
    """``personas.talent`` hired on ``project`` (active)."""
    return engagement_for(project, talent=personas.talent)


__all__ = ["ProjectFactory"]
