from __future__ import annotations

from typing import Any

import pytest

from stint.projects.tests.factories import ProjectFactory


@pytest.fixture
def project(personas: Any) -> Any:
    """An open public project of ``personas.organization`` (the company owner's)."""
    return ProjectFactory(organization=personas.organization)
