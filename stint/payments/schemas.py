from __future__ import annotations

import datetime
import uuid

from ninja import Schema
from pydantic import Field

from stint.core.schemas import MAX_AMOUNT_MINOR


class BalanceOut(Schema):
    currency: str
    available_minor: int
    pending_minor: int
    paid_out_minor: int = 0


class PayoutIn(Schema):
    amount_minor: int = Field(gt=0, le=MAX_AMOUNT_MINOR, description="Minor units of ``currency`` to pay out")
    currency: str = Field(min_length=3, max_length=3)


class PayoutOut(Schema):
    id: uuid.UUID
    amount_minor: int
    currency: str
    status: str
    failure_reason: str
    created_at: datetime.datetime
    completed_at: datetime.datetime | None


class StatementTotalsOut(Schema):
    currency: str
    charged: int
    held: int
    released: int
    refunded: int
    refund_pending: int
    fees: int


class StatementLineOut(Schema):
    id: uuid.UUID
    date: datetime.datetime
    kind: str
    kind_label: str
    description: str
    project_id: uuid.UUID | None
    project_title: str
    currency: str
    held_change_minor: int
    company_change_minor: int
    talent_change_minor: int
    refund_change_minor: int
    fees_change_minor: int


class StatementOut(Schema):
    organization_id: uuid.UUID
    totals: list[StatementTotalsOut]
    lines: list[StatementLineOut]


class WebhookAckOut(Schema):
    received: bool
    duplicate: bool
    event_id: str


class MoneyOut(Schema):
    amount_minor: int
    currency: str


class FundingQuoteOut(Schema):
    """What publishing a draft charges now; ``total`` is exactly the amount the publish charges."""

    project_id: uuid.UUID
    currency: str
    fee: MoneyOut
    openings: int
    held: MoneyOut
    platform_fee_bps: int
    platform_fee: MoneyOut
    total: MoneyOut
    provider: str
    test_mode: bool


class InvoiceLineOut(Schema):
    description: str
    amount: MoneyOut


class InvoiceOut(Schema):
    id: uuid.UUID
    number: str
    kind: str = Field(description="charge or refund")
    date: datetime.datetime
    organization_id: uuid.UUID
    project_id: uuid.UUID | None
    project_title: str
    total: MoneyOut
    lines: list[InvoiceLineOut]
    provider: str
    provider_ref: str
    pdf_url: str
