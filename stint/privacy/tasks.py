"""Build a data export; delete expired ones. Thin and safe to run twice. A build that keeps failing
(or a worker that died) leaves the export pending; after ``STALE_AFTER`` it counts as failed and the
person may ask again (``services.data_export_request``); the ``FailedTask`` row tells staff why."""

from __future__ import annotations

from stint.core.scheduler import register_periodic
from stint.core.taskqueue import stint_task


@stint_task(max_attempts=3)
def build_export(export_id: str) -> str:
    from stint.privacy.services import data_export_build

    return data_export_build(export_id=export_id)


@stint_task
def expire_exports() -> int:
    from stint.privacy.services import data_exports_expire

    return data_exports_expire()


register_periodic("privacy.expire_exports", expire_exports, 3600)
