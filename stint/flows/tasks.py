"""Periodic jobs of the settlement flow: thin, safe to run twice (each claims its work conditionally).
The job names keep the ``engagements.`` prefix they had before the flows app existed."""

from __future__ import annotations

from stint.core.scheduler import register_periodic
from stint.core.taskqueue import stint_task
from stint.flows import settlement


@stint_task
def auto_release_engagements() -> int:
    """Approve and pay submissions whose review window closed."""
    return settlement.engagements_auto_release()


@stint_task
def settle_cancelled_engagements() -> int:
    """Settle company cancellations whose contest window passed without a dispute."""
    return settlement.engagements_settle_cancellations()


register_periodic("engagements.auto_release", auto_release_engagements, 300)
register_periodic("engagements.settle_cancellations", settle_cancelled_engagements, 900)
