"""Periodic repair of credentials: thin and safe to run twice."""

from __future__ import annotations

from stint.core.scheduler import register_periodic
from stint.core.taskqueue import stint_task


@stint_task
def sweep_credentials() -> dict[str, int]:
    """Issue missing credentials of approved engagements; revoke those whose approval was reversed."""
    from stint.credentials.services import credentials_sweep

    return credentials_sweep()


register_periodic("credentials.sweep", sweep_credentials, 600)
