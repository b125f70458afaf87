"""Exchange rates for comparison only (docs/currencies.md). Nothing that moves or records money
reads them: the ledger, fees, floors and payouts stay in each record's own currency."""

from __future__ import annotations

from django.db import models

from stint.core.models import BaseModel

# ``per_usd_micro`` is the price of one US dollar in the currency, in millionths of its units
# (83.25 INR per USD is 83_250_000): integers, as everything about money in Stint.
MICRO = 1_000_000


class ExchangeRate(BaseModel):
    """How many units of ``currency`` one US dollar bought on ``as_of``, according to ``source``.
    The newest ``as_of`` per currency is the one used; older rows are kept as history."""

    currency = models.CharField(max_length=3)
    per_usd_micro = models.BigIntegerField(
        help_text="Units of the currency per 1 USD, in millionths (83.25 → 83250000)."
    )
    as_of = models.DateField(help_text="The day the rate was observed.")
    source = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ("currency", "-as_of")
        constraints = [
            models.UniqueConstraint(fields=("currency", "as_of"), name="exchangerate_one_per_currency_per_day"),
            models.CheckConstraint(condition=models.Q(per_usd_micro__gt=0), name="exchangerate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 USD = {self.per_usd_micro / MICRO:g} {self.currency} ({self.as_of:%Y-%m-%d})"
