from __future__ import annotations

import pytest

from stint.demo.loader import ensure_user
from stint.planner.demo import PATTERN, SAM, planner_step
from stint.planner.models import CapacityPattern

pytestmark = pytest.mark.django_db


def test_the_demo_step_sets_a_pattern_once():
    sam = ensure_user(SAM, "Sam Rivera", "talent")
    planner_step({SAM: sam})
    planner_step({SAM: sam})
    assert CapacityPattern.objects.get(user=sam).minutes == PATTERN
