"""Periodic job: everyone hears back (see ``services.applications_expire_unanswered``)."""

from __future__ import annotations

from typing import Any

from stint.core.scheduler import register_periodic
from stint.core.taskqueue import stint_task


@stint_task
def expire_unanswered_applications() -> dict[str, Any]:
    from stint.applications.services import applications_expire_unanswered

    return applications_expire_unanswered()


register_periodic("applications.expire_unanswered", expire_unanswered_applications, every_seconds=300)
