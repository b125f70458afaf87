from __future__ import annotations

from typing import Any

from django.contrib import admin

from stint.payments.models import (
    Funding,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    PaymentMethod,
    Payout,
    PayoutAccount,
    Refund,
    WebhookEvent,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):  # registered for several ledger models
    """Money rows change only through services; the admin shows them."""

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class LedgerEntryInline(admin.TabularInline[LedgerEntry, Any]):
    model = LedgerEntry
    extra = 0
    can_delete = False
    readonly_fields = ("account", "amount_minor", "currency")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "description", "project", "engagement")
    list_filter = ("kind",)
    inlines = [LedgerEntryInline]


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ReadOnlyAdmin):
    list_display = ("kind", "owner_key", "currency")
    list_filter = ("kind", "currency")
    search_fields = ("owner_key",)


@admin.register(Funding, Refund, Payout)
class OperationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "status", "amount_minor", "currency", "provider", "provider_ref")
    list_filter = ("status", "provider")


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "provider", "event_type", "event_id", "status")
    list_filter = ("provider", "status")
    search_fields = ("event_id",)


@admin.register(PaymentMethod)
class PaymentMethodAdmin(admin.ModelAdmin[PaymentMethod]):
    list_display = ("organization", "provider", "label", "test_card_number")


@admin.register(PayoutAccount)
class PayoutAccountAdmin(admin.ModelAdmin[PayoutAccount]):
    list_display = ("user", "provider", "provider_account_id")
