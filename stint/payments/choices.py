"""Enumerations of the money layer: account kinds, transaction kinds and operation states."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    """Every ledger account has one kind and one owner (see docs/payments.md, "Accounts").

    Balances are the sum of the account's entries. Accounts that the platform owes to someone
    (held, talent balance, platform fees, in transit) have positive balances; the external accounts
    are the mirror image of money that came in (negative) or went out (positive).
    """

    EXTERNAL_FUNDING = "external_funding", _("Company payment source (external)")
    HELD = "held", _("Held funds of a project")
    PLATFORM_FEES = "platform_fees", _("Platform fees")
    TALENT_BALANCE = "talent_balance", _("Talent balance")
    PAYOUTS_IN_TRANSIT = "payouts_in_transit", _("Payouts in transit")
    PAYOUTS_EXTERNAL = "payouts_external", _("Paid out to the talent (external)")
    REFUNDS_IN_TRANSIT = "refunds_in_transit", _("Refunds in transit to a company")


# Accounts whose balance may never go below zero (checked under lock, and by ledger_check).
NON_NEGATIVE_KINDS = frozenset(
    {
        AccountKind.HELD,
        AccountKind.PLATFORM_FEES,
        AccountKind.TALENT_BALANCE,
        AccountKind.PAYOUTS_IN_TRANSIT,
        AccountKind.REFUNDS_IN_TRANSIT,
    }
)


class TransactionKind(models.TextChoices):
    FUNDING = "funding", _("Project funded")
    RELEASE = "release", _("Fee released to the talent")
    CANCELLATION = "cancellation", _("Cancellation settled")
    DISPUTE_SPLIT = "dispute_split", _("Dispute resolved by a split")
    REFUND = "refund", _("Refund to the company")
    REFUND_SETTLED = "refund_settled", _("Refund paid out by the provider")
    PAYOUT = "payout", _("Payout requested")
    PAYOUT_SETTLED = "payout_settled", _("Payout paid by the provider")
    PAYOUT_FAILED = "payout_failed", _("Payout failed; returned to the balance")
    CORRECTION = "correction", _("Correction")


# At most one of these per engagement: they settle the engagement's held fee (DB constraint).
SETTLEMENT_KINDS = (TransactionKind.RELEASE, TransactionKind.CANCELLATION, TransactionKind.DISPUTE_SPLIT)


class OperationStatus(models.TextChoices):
    """A provider call bracketed by states: pending → succeeded / failed."""

    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    OperationStatus.PENDING: (OperationStatus.SUCCEEDED, OperationStatus.FAILED),
    OperationStatus.SUCCEEDED: (),
    OperationStatus.FAILED: (),
}


class FundingPurpose(models.TextChoices):
    """Why a project was charged: its first funding at publication (fee × openings), or a top-up
    of one opening (a replacement hire after a talent dropped out and their fee was refunded)."""

    INITIAL = "initial", _("Initial funding")
    TOP_UP = "top_up", _("Top-up of one opening")


class Provider(models.TextChoices):
    TEST = "test", _("Test provider (simulated)")
    STRIPE = "stripe", _("Stripe")


class WebhookStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSED = "processed", _("Processed")
    IGNORED = "ignored", _("Ignored")
    FAILED = "failed", _("Failed")


# A card number that the test provider always declines (as Stripe's test card of the same number).
TEST_DECLINED_CARD = "4000000000000002"
TEST_DEFAULT_CARD = "4242424242424242"
