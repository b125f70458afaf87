"""The money layer's data: a double-entry, append-only ledger and the provider operations around it.

Only ``stint.payments.ledger`` creates ledger rows. Entries and transactions can be neither updated
nor deleted: the ORM refuses (queryset and model overrides) and so does the database (triggers made
by migration 0002). Provider operations (``Funding``, ``Refund``, ``Payout``) are bracketed by
states: pending → succeeded / failed; the provider is called outside any database transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from stint.core.models import BaseModel
from stint.core.money import Money
from stint.payments.choices import (
    SETTLEMENT_KINDS,
    AccountKind,
    FundingPurpose,
    OperationStatus,
    Provider,
    TransactionKind,
    WebhookStatus,
)


class AppendOnlyError(TypeError):
    """Raised when code tries to change or remove a ledger row."""


class AppendOnlyQuerySet(models.QuerySet[Any]):  # shared by the ledger models
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only")


class LedgerAccount(BaseModel):
    """One account of the ledger: a kind, an owner and a currency (unique together).

    ``owner_key`` spells the owner (``org:<uuid>``, ``project:<uuid>``, ``user:<uuid>`` or
    ``platform``) so that uniqueness holds without NULL-distinct foreign keys; the foreign keys are
    there for queries and integrity.
    """

    kind = models.CharField(max_length=24, choices=AccountKind.choices)
    currency = models.CharField(max_length=3)
    owner_key = models.CharField(max_length=60)
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "owner_key", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "owner_key", "currency"], name="ledger_account_unique_owner"),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in AccountKind]), name="ledger_account_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.owner_key}:{self.currency}"


class LedgerTransaction(BaseModel, AppendOnlyModel):
    """A balanced set of entries (they sum to zero per currency). Never changed once written."""

    kind = models.CharField(max_length=24, choices=TransactionKind.choices, db_index=True)
    description = models.CharField(max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=255, null=True, blank=True, unique=True)
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    engagement = models.ForeignKey(
        "engagements.Engagement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            # One release, cancellation settlement or dispute split per engagement, ever.
            models.UniqueConstraint(
                fields=["engagement"],
                condition=models.Q(kind__in=[k.value for k in SETTLEMENT_KINDS]),
                name="ledger_one_settlement_per_engagement",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in TransactionKind]), name="ledger_transaction_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


class LedgerEntry(AppendOnlyModel):
    """One signed amount on one account. A transaction's entries sum to zero per currency."""

    id = models.BigAutoField(primary_key=True)
    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="entries")
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount_minor=0), name="ledger_entry_amount_nonzero"),
        ]

    def __str__(self) -> str:
        return f"{self.amount_minor} {self.currency} on {self.account_id}"

    @property
    def money(self) -> Money:
        return Money(self.amount_minor, self.currency)


class PaymentMethod(BaseModel):
    """How an organization pays. For the test provider, ``test_card_number`` chooses the outcome
    (``4000000000000002`` is always declined); for Stripe, the customer and payment method ids."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="payment_method"
    )
    provider = models.CharField(max_length=16, choices=Provider.choices, default=Provider.TEST)
    label = models.CharField(max_length=60, blank=True)
    test_card_number = models.CharField(max_length=19, blank=True)
    provider_customer_id = models.CharField(max_length=255, blank=True)
    provider_payment_method_id = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.label or f"{self.provider} payment method"


class PayoutAccount(BaseModel):
    """Where a talent's payouts go (a Stripe Connect account id; nothing for the test provider).
    Recorded by ``stint.payments.payout_accounts``."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payout_account")
    provider = models.CharField(max_length=16, choices=Provider.choices, default=Provider.TEST)
    provider_account_id = models.CharField(max_length=255, blank=True)
    # True once the provider says the account can receive payouts (Stripe: ``payouts_enabled`` after
    # Connect onboarding; the test provider: when the simulated connection is recorded).
    payouts_enabled = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.provider} payout account of {self.user_id}"


class ProviderOperation(BaseModel):
    """Common fields of a provider call bracketed by states."""

    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=16, choices=OperationStatus.choices, default=OperationStatus.PENDING, db_index=True
    )
    provider = models.CharField(max_length=16, choices=Provider.choices, default=Provider.TEST)
    provider_ref = models.CharField(max_length=255, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)


class Funding(ProviderOperation):
    """A charge of an organization that secures held funds for a project, plus the platform fee.

    ``initial``: fee × openings at publication (one live per project). ``top_up``: the fee of one
    opening again, after a talent dropped out and that opening's fee was refunded;
    ``replaces_engagement`` is the engagement the talent left (one live top-up per such engagement,
    so offering the slot twice never charges twice).
    """

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="fundings")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=10, choices=FundingPurpose.choices, default=FundingPurpose.INITIAL)
    replaces_engagement = models.ForeignKey(
        "engagements.Engagement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    held_minor = models.BigIntegerField()
    platform_fee_minor = models.BigIntegerField()
    openings = models.PositiveSmallIntegerField()
    idempotency_key = models.CharField(max_length=255, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A project has at most one live initial funding: a retry is possible only after a failure.
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(
                    purpose=FundingPurpose.INITIAL.value,
                    status__in=[OperationStatus.PENDING.value, OperationStatus.SUCCEEDED.value],
                ),
                name="funding_one_live_initial_per_project",
            ),
            # At most one live top-up per engagement a talent dropped out of.
            models.UniqueConstraint(
                fields=["replaces_engagement"],
                condition=models.Q(
                    purpose=FundingPurpose.TOP_UP.value,
                    status__in=[OperationStatus.PENDING.value, OperationStatus.SUCCEEDED.value],
                ),
                name="funding_one_live_top_up_per_engagement",
            ),
            models.CheckConstraint(
                condition=models.Q(purpose__in=[p.value for p in FundingPurpose]), name="funding_purpose_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(purpose=FundingPurpose.INITIAL.value)
                | models.Q(purpose=FundingPurpose.TOP_UP.value, openings=1),
                name="funding_top_up_is_one_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(held_minor__gt=0, platform_fee_minor__gte=0), name="funding_amounts_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_minor=models.F("held_minor") + models.F("platform_fee_minor")),
                name="funding_amount_is_held_plus_fee",
            ),
        ]

    def __str__(self) -> str:
        return f"Funding ({self.purpose}) {self.amount} for {self.project_id} ({self.status})"


class Refund(ProviderOperation):
    """Money returned to an organization. Its ledger move (held → refunds in transit) happens when
    the refund is decided; the provider call follows after commit and settles it."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    engagement = models.ForeignKey(
        "engagements.Engagement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    funding = models.ForeignKey(Funding, null=True, blank=True, on_delete=models.PROTECT, related_name="refunds")
    reason = models.CharField(max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=255, unique=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"Refund {self.amount} ({self.status})"


class Payout(ProviderOperation):
    """A talent's request to be paid part of their balance."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payouts")
    idempotency_key = models.CharField(max_length=255)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "idempotency_key"], name="payout_idempotency_key_per_user"),
            models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="payout_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"Payout {self.amount} to {self.user_id} ({self.status})"


class WebhookEvent(BaseModel):
    """The inbox of provider events. The unique (provider, event_id) makes redeliveries no-ops."""

    provider = models.CharField(max_length=16, choices=Provider.choices)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=WebhookStatus.choices, default=WebhookStatus.RECEIVED)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_unique")]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_type}:{self.event_id}"
