from __future__ import annotations

from typing import Any

import pytest

from stint.applications.tests.factories import ApplicationFactory
from stint.projects.tests.factories import ProjectFactory


@pytest.fixture
def project(personas: Any) -> Any:
    """An open public project of ``personas.organization`` (the company owner's)."""
    return ProjectFactory(organization=personas.organization)


@pytest.fixture
def application(personas: Any, project: Any) -> Any:
    """The talent's submitted application to ``project``."""
    return ApplicationFactory(project=project, talent=personas.talent)
