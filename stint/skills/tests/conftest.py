from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def catalog(db: Any) -> Any:
    """The full curated skill list, imported into the test database."""
    from stint.skills.services import skill_catalog_import

    return skill_catalog_import()
