"""Money services: the writes that other apps (project publish, the engagement state machine) and
this app's endpoints call. Every ledger write goes through ``stint.payments.ledger``.

Rules (docs/payments.md): the company pays fee × openings plus the platform fee
(``STINT_PLATFORM_FEE_BPS`` basis points, default 1000 = 10 %) on top; talent receive 100 % of
the fee. Money refunded to the company (unused openings, cancellations, dispute splits) carries
back the platform fee in proportion, never more than the project paid.

The services live in one module per subdomain (``quotes``, ``funding``, ``refunds``,
``settlement``, ``payouts``); this package re-exports them, so callers keep writing
``from stint.payments import services`` and ``services.project_fund(...)``.
"""

from __future__ import annotations

from stint.payments.operations import refund_execute
from stint.payments.services.funding import project_fund, project_fund_opening
from stint.payments.services.payouts import payout_request
from stint.payments.services.quotes import funding_quote, opening_quote, platform_fee_bps
from stint.payments.services.refunds import project_refund_unused
from stint.payments.services.settlement import dispute_split, engagement_release, engagement_settle_cancellation

__all__ = [
    "dispute_split",
    "engagement_release",
    "engagement_settle_cancellation",
    "funding_quote",
    "opening_quote",
    "payout_request",
    "platform_fee_bps",
    "project_fund",
    "project_fund_opening",
    "project_refund_unused",
    "refund_execute",
]
