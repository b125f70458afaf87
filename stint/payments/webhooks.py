"""The webhook inbox: verify, store once (unique provider + event id), process in a task.

Pattern: receive → ``WebhookEvent`` insert (a redelivery hits the unique constraint and is
acknowledged without effect) → ``process_webhook_event`` task on commit → the settling functions,
which are themselves conditional claims, so processing twice changes nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from stint.payments.choices import OperationStatus, WebhookStatus
from stint.payments.models import Funding, Payout, Refund, WebhookEvent
from stint.payments.operations import funding_settle, payout_settle, refund_settle
from stint.payments.payout_accounts import payout_account_apply_event
from stint.payments.providers import PaymentProvider, ProviderEvent, ProviderResult

logger = logging.getLogger(__name__)


def webhook_receive(*, provider: PaymentProvider, request: HttpRequest) -> tuple[WebhookEvent, bool]:
    """Verify the request's signature (``invalid_signature`` 400 otherwise) and store the event.
    Returns (event, created); a duplicate delivery returns the stored event and False.
    Enqueues: ``process_webhook_event`` on commit for a new event."""
    event = provider.parse_event(request)
    return webhook_store(event)


def webhook_store(event: ProviderEvent) -> tuple[WebhookEvent, bool]:
    try:
        with transaction.atomic():
            row = WebhookEvent.objects.create(
                provider=event.provider, event_id=event.event_id, event_type=event.event_type, payload=event.payload
            )
    except IntegrityError:
        return WebhookEvent.objects.get(provider=event.provider, event_id=event.event_id), False
    transaction.on_commit(lambda: _enqueue(row.pk))
    return row, True


def _enqueue(event_pk: Any) -> None:
    from stint.payments.tasks import process_webhook_event

    process_webhook_event.enqueue(str(event_pk))


def _metadata_ref(obj: dict[str, Any], prefix: str) -> str | None:
    ref = str((obj.get("metadata") or {}).get("stint_reference", ""))
    if ref.startswith(prefix):
        return ref[len(prefix) :]
    return None


def _find(model: Any, obj: dict[str, Any], prefix: str) -> Any:
    pk = _metadata_ref(obj, prefix)
    row = None
    if pk:
        try:
            row = model.objects.filter(pk=pk).first()
        except (ValueError, TypeError):
            row = None
    if row is None and obj.get("id"):
        row = model.objects.filter(provider_ref=str(obj["id"])).first()
    return row


PAYOUT_EVENTS = (
    "transfer.created",
    "transfer.paid",
    "payout.failed",
    "transfer.failed",
    "transfer.reversed",
    "account.updated",
)


def _payout_event(event_type: str, obj: dict[str, Any], ref: str) -> tuple[WebhookStatus, str]:
    """Apply a transfer/payout event to its payout, or an ``account.updated`` to the talent's
    payout account; returns the event's (status, note)."""
    if event_type == "account.updated":
        if payout_account_apply_event(account=obj) is None:
            return WebhookStatus.IGNORED, "no payout account for this connected account"
        return WebhookStatus.PROCESSED, ""
    payout = _find(Payout, obj, "payout:")
    if event_type in ("transfer.created", "transfer.paid"):
        if payout is None:
            return WebhookStatus.IGNORED, "no payout for this transfer"
        payout_settle(payout.pk, ProviderResult(OperationStatus.SUCCEEDED, ref))
        return WebhookStatus.PROCESSED, ""
    if payout is None:
        return WebhookStatus.IGNORED, "no payout for this event"
    if payout.status != OperationStatus.PENDING:
        # A settled payout is not reversed automatically: staff post a correction.
        return WebhookStatus.IGNORED, f"payout already {payout.status}; needs staff review"
    reason = str(obj.get("failure_message") or "The payout failed.")
    payout_settle(payout.pk, ProviderResult(OperationStatus.FAILED, ref, reason))
    return WebhookStatus.PROCESSED, ""


def webhook_event_process(event_pk: Any) -> WebhookEvent:
    """Apply a stored event to the operation it is about. Unknown types are marked ignored."""
    row = WebhookEvent.objects.get(pk=event_pk)
    if row.status in (WebhookStatus.PROCESSED, WebhookStatus.IGNORED):
        return row
    obj = (row.payload.get("data") or {}).get("object") or {}
    status = WebhookStatus.PROCESSED
    note = ""
    ref = str(obj.get("id", ""))
    try:
        if row.event_type == "payment_intent.succeeded":
            funding = (
                _find(Funding, obj, "funding:")
                or Funding.objects.filter(
                    idempotency_key=(obj.get("metadata") or {}).get("stint_idempotency_key", "")
                ).first()
            )
            if funding is None:
                status, note = WebhookStatus.IGNORED, "no funding for this payment intent"
            else:
                funding_settle(funding.pk, ProviderResult(OperationStatus.SUCCEEDED, ref))
        elif row.event_type == "payment_intent.payment_failed":
            funding = _find(Funding, obj, "funding:")
            if funding is None:
                status, note = WebhookStatus.IGNORED, "no funding for this payment intent"
            else:
                error = ((obj.get("last_payment_error") or {}).get("message")) or "The payment failed."
                funding_settle(funding.pk, ProviderResult(OperationStatus.FAILED, ref, str(error)))
        elif row.event_type in PAYOUT_EVENTS:
            status, note = _payout_event(row.event_type, obj, ref)
        elif row.event_type in ("refund.updated", "charge.refund.updated", "refund.created"):
            refund = _find(Refund, obj, "refund:")
            state = str(obj.get("status", ""))
            if refund is None:
                status, note = WebhookStatus.IGNORED, "no refund for this event"
            elif state in ("succeeded", "failed", "canceled"):
                # ``state`` is Stripe's vocabulary; ``mapped`` is ours.
                mapped = OperationStatus.SUCCEEDED if state == "succeeded" else OperationStatus.FAILED
                refund_settle(
                    refund.pk, ProviderResult(mapped, ref, "" if mapped == OperationStatus.SUCCEEDED else state)
                )
        else:
            status, note = WebhookStatus.IGNORED, "event type not handled"
    except Exception as exc:
        WebhookEvent.objects.filter(pk=row.pk).update(
            status=WebhookStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], updated_at=timezone.now()
        )
        raise
    WebhookEvent.objects.filter(pk=row.pk).update(
        status=status, error=note, processed_at=timezone.now(), updated_at=timezone.now()
    )
    row.refresh_from_db()
    return row
