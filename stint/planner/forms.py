from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stint.planner.choices import WEEKDAY_NAMES
from stint.planner.models import MAX_DAY_MINUTES

WEEKDAY_LABELS = (
    _("Monday (hours)"),
    _("Tuesday (hours)"),
    _("Wednesday (hours)"),
    _("Thursday (hours)"),
    _("Friday (hours)"),
    _("Saturday (hours)"),
    _("Sunday (hours)"),
)


class PatternForm(forms.Form):
    """Hours per weekday (quarter hours)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in zip(WEEKDAY_NAMES, WEEKDAY_LABELS, strict=True):
            self.fields[name.lower()] = forms.DecimalField(
                label=label,
                min_value=Decimal(0),
                max_value=Decimal(MAX_DAY_MINUTES // 60),
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
            )

    def minutes(self) -> list[int]:
        return [round(self.cleaned_data[name.lower()] * 60) for name in WEEKDAY_NAMES]


class DueDateRequestForm(forms.Form):
    due_date = forms.DateField(label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: an exam in the week of the current due date."),
    )

    def __init__(self, *args: Any, engagement: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{engagement.pk}_%s" if engagement is not None else "id_%s")
        super().__init__(*args, **kwargs)
        if engagement is not None:
            self.fields["due_date"].initial = engagement.due_date + datetime.timedelta(days=7)
