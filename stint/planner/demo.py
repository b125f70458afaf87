"""Demo data of the planner: a weekday pattern for the demo talent (weekday evenings and a longer
Sunday), so the planner shows an uneven week. Idempotent: the pattern is set only when missing."""

from __future__ import annotations

from typing import Any

from stint.accounts.models import User
from stint.core.demo import STEPS

SAM = "talent@student.example"
# Minutes per weekday, Monday first: about 12 h a week.
PATTERN = (90, 90, 90, 90, 60, 0, 300)


def planner_step(users: dict[str, Any]) -> None:
    from stint.planner.models import CapacityPattern
    from stint.planner.services import capacity_pattern_set

    sam = users.get(SAM) or User.objects.filter(email=SAM).first()
    if sam is None or CapacityPattern.objects.filter(user=sam).exists():
        return
    capacity_pattern_set(user=sam, weekday_minutes=list(PATTERN))


STEPS.append(planner_step)
