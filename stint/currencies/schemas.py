"""The API shape of an approximate amount (``approximate_fee`` in the project schemas)."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field


class ApproximateMoneySchema(Schema):
    amount_minor: int = Field(description="Minor units of `currency` (ISO 4217 exponent; none for JPY)")
    currency: str = Field(description="The caller's comparison currency")
    rate_date: datetime.date | None = Field(None, description="Day of the exchange rate used (the older of the two)")
    source: str = Field("", description="Where the rates came from (staff-maintained rates table)")
    approximate: bool = Field(True, description="Always true: for comparison only, never what is paid")
