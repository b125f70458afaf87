"""Planner reminders: a periodic task that calls ``reminders_send`` (each reminder claimed once)."""

from __future__ import annotations

from typing import Any

from stint.core.scheduler import register_periodic
from stint.core.taskqueue import stint_task


@stint_task
def send_planner_reminders() -> dict[str, Any]:
    from stint.planner.reminders import reminders_send

    return reminders_send()


register_periodic("planner.reminders", send_planner_reminders, 15 * 60)
