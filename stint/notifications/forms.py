from __future__ import annotations

from typing import Any

from django import forms

from stint.notifications.selectors import GroupPreference


class PreferencesForm(forms.Form):
    """One checkbox per event group: send email for it or not."""

    def __init__(self, *args: Any, preferences: list[GroupPreference], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pref in preferences:
            self.fields[pref.group] = forms.BooleanField(required=False, initial=pref.email, label=pref.label)

    def email_choices(self) -> dict[str, bool]:
        return {group: bool(self.cleaned_data.get(group)) for group in self.fields}
