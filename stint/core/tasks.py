from __future__ import annotations

from stint.core.scheduler import register_periodic
from stint.core.taskqueue import reap_stuck_tasks, stint_task


@stint_task
def reap_stuck_tasks_task() -> int:
    return reap_stuck_tasks()


register_periodic("core.reap_stuck_tasks", reap_stuck_tasks_task, every_seconds=60)
