from __future__ import annotations

from django.contrib import admin

from stint.currencies.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Staff keep the comparison rates current here or with ``manage.py import_rates`` (docs/currencies.md)."""

    list_display = ("currency", "per_usd_micro", "as_of", "source", "updated_at")
    list_filter = ("currency",)
    search_fields = ("currency", "source")
    date_hierarchy = "as_of"
    ordering = ("currency", "-as_of")
