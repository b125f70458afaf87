from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from babel.numbers import get_currency_name
from django import forms
from django.utils.translation import gettext_lazy as _

from stint.accounts.choices import SIGNUP_ROLES
from stint.core.formatting import babel_locale
from stint.core.money import SUPPORTED_CURRENCIES


class SignupForm(AllauthSignupForm):
    name = forms.CharField(max_length=150, label=_("Your name"), widget=forms.TextInput(attrs={"autocomplete": "name"}))
    role = forms.ChoiceField(
        choices=[(r.value, r.label) for r in SIGNUP_ROLES],
        widget=forms.RadioSelect,
        label=_("I am joining as"),
        initial="talent",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["name", "email", "role", "password1", "password2"])


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=_("Token name"),
        help_text=_("Something to recognise it by, such as the script or computer that uses it."),
    )


def currency_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every supported currency as "EUR · Euro", named in the active language (Babel)."""
    locale = babel_locale(language)
    return [(code, f"{code} · {get_currency_name(code, locale=locale)}") for code in SUPPORTED_CURRENCIES]


def language_choices() -> list[tuple[str, str]]:
    """Every shipped language as "French · Français": named in the page's language, then in itself."""
    from django.conf import settings
    from django.utils.translation import get_language_info

    choices = []
    for code, native in settings.LANGUAGES:
        translated = str(get_language_info(code)["name_translated"])
        choices.append((code, native if translated == native else f"{translated} · {native}"))
    return choices


class PreferencesForm(forms.Form):
    """The preferences page: language, time zone and comparison currency (blank = not chosen).
    Values are checked by ``services.user_preferences_update`` (one rule for the page and the
    API); its field errors are shown on the form."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    time_zone = forms.CharField(
        label=_("Time zone"),
        required=False,
        max_length=64,
        help_text=_("Start typing a city or region, such as Europe/Berlin or America/Sao_Paulo. Leave empty for UTC."),
    )
    currency = forms.ChoiceField(
        label=_("Currency for comparisons"),
        required=False,
        help_text=_("Fees are always paid in the project's currency; this one is only for approximate comparisons."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        language_field = self.fields["language"]
        currency_field = self.fields["currency"]
        assert isinstance(language_field, forms.ChoiceField) and isinstance(currency_field, forms.ChoiceField)
        language_field.choices = [("", _("From my browser")), *language_choices()]
        currency_field.choices = [("", _("Automatic")), *currency_choices()]
        self.fields["time_zone"].widget.attrs.update(
            {"list": "time-zones", "autocomplete": "off", "spellcheck": "false"}
        )
