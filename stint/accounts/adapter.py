from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from stint.accounts.services import user_apply_signup_data
from stint.core.audit import audit_log


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user_apply_signup_data(user, name=form.cleaned_data.get("name", ""), role=form.cleaned_data.get("role", ""))
        if commit:
            user.save()
            audit_log(user, "user.signed_up", user, {"role": user.role, "via": "web"})
        return user
