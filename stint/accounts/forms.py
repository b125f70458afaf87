from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from stint.accounts.choices import SIGNUP_ROLES


class SignupForm(AllauthSignupForm):
    name = forms.CharField(max_length=150, label="Your name", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    role = forms.ChoiceField(
        choices=[(r.value, r.label) for r in SIGNUP_ROLES],
        widget=forms.RadioSelect,
        label="I am joining as",
        initial="talent",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["name", "email", "role", "password1", "password2"])


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Token name",
        help_text="Something to recognise it by, such as the script or computer that uses it.",
    )
