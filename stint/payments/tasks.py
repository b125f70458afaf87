"""Background jobs of the money layer: thin, take ids, safe to run twice."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from stint.core.scheduler import register_periodic
from stint.core.taskqueue import stint_task


@stint_task
def execute_refund(refund_id: str) -> str:
    """Send a decided refund to the provider (a settled refund is left alone)."""
    from stint.payments.operations import refund_execute

    return str(refund_execute(refund_id).status)


@stint_task
def execute_payout(payout_id: str) -> str:
    from stint.payments.operations import payout_execute

    return str(payout_execute(payout_id).status)


@stint_task
def process_webhook_event(event_id: str) -> str:
    """Apply one stored provider event (idempotent: a processed event is skipped)."""
    from stint.payments.webhooks import webhook_event_process

    return str(webhook_event_process(event_id).status)


@stint_task
def reconcile_pending_operations() -> dict[str, Any]:
    """Settle provider operations stuck in pending by asking the provider again."""
    import datetime

    from stint.payments.operations import reconcile_pending

    minutes = settings.STINT_PAYMENTS_RECONCILE_AFTER_MINUTES
    return reconcile_pending(older_than=datetime.timedelta(minutes=minutes))


register_periodic("payments.reconcile_pending", reconcile_pending_operations, every_seconds=300)
