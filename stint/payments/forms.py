from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from stint.core.money import CURRENCY_EXPONENTS


class PayoutForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"),
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
        help_text=gettext_lazy("In the chosen currency"),
    )
    currency = forms.ChoiceField(label=gettext_lazy("Currency"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=255)

    def __init__(self, *args: Any, currencies: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        currency = self.fields["currency"]  # a bound copy of the class field, typed Field
        assert isinstance(currency, forms.ChoiceField)
        currency.choices = [(c, c) for c in currencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount, currency = data.get("amount"), data.get("currency")
        if amount is not None and currency:
            exponent = CURRENCY_EXPONENTS.get(currency, 2)
            minor = amount * (10**exponent)
            if minor != minor.to_integral_value():
                self.add_error(
                    "amount",
                    gettext("%(currency)s has %(count)s decimal places.") % {"currency": currency, "count": exponent},
                )
            else:
                data["amount_minor"] = int(minor)
        return data
