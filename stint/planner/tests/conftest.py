from __future__ import annotations

from typing import Any

import pytest

from stint.planner.tests import factories as f


@pytest.fixture
def talent(personas: Any) -> Any:
    """The talent persona with 10 h a week, in UTC."""
    f.profile(personas.talent, weekly_hours=10)
    return personas.talent
