from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from stint.accounts.services import user_apply_signup_data, user_password_changed
from stint.core import ratelimit
from stint.core.audit import audit_log


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user_apply_signup_data(
            user=user, name=form.cleaned_data.get("name", ""), role=form.cleaned_data.get("role", "")
        )
        if commit:
            user.save()
            audit_log(user, "user.signed_up", user, {"role": user.role, "via": "web"})
        return user

    def set_password(self, user: Any, password: str) -> None:
        """allauth's one path for a password change, a first password and a reset: after saving,
        revoke the account's API tokens (other sessions end because the password hash changed)."""
        from allauth.core import context

        super().set_password(user, password)
        request = getattr(self, "request", None) or context.request
        actor = getattr(request, "user", user) if request is not None else user
        user_password_changed(
            user=user,
            actor=actor if getattr(actor, "is_authenticated", False) else user,
            via="web",
        )

    def send_notification_mail(
        self, template_prefix: str, user: Any, context: dict[str, Any] | None = None, email: str | None = None
    ) -> None:
        # Our notification templates link to pages of the site (new API tokens after a password change).
        super().send_notification_mail(template_prefix, user, {"site_url": settings.SITE_URL, **(context or {})}, email)

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's per-IP rate limits and its notification emails see the same client address as
        ours: X-Forwarded-For only from STINT_TRUSTED_PROXIES (stint.core.ratelimit.client_ip)."""
        return ratelimit.client_ip(request)
