from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext

from stint.accounts.models import ApiToken, User
from stint.core.errors import NotFound
from stint.core.types import Actor


def token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first (revoked ones included, to show when they stopped)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_get_for_user(*, user: User, token_id: Any) -> ApiToken:
    try:
        return ApiToken.objects.get(pk=token_id, user=user)
    except (ApiToken.DoesNotExist, ValueError, ValidationError):
        raise NotFound(gettext("No such token."), code="token_not_found") from None


def email_is_verified(*, user: Actor, email: str | None = None) -> bool:
    """Whether ``user`` proved they receive mail at ``email`` (default: their login address),
    by allauth's confirmation link. Invitations and API tokens (in mandatory mode) rely on it."""
    from allauth.account.models import EmailAddress

    address = (email if email is not None else getattr(user, "email", "")) or ""
    if not address or not getattr(user, "pk", None):
        return False
    return EmailAddress.objects.filter(user_id=user.pk, email__iexact=address.strip(), verified=True).exists()


def user_get_by_verified_email(*, email: str) -> User | None:
    """The active account that has verified ``email``, or None (unknown, unverified or inactive)."""
    from allauth.account.models import EmailAddress

    email = (email or "").strip()
    if not email:
        return None
    address = (
        EmailAddress.objects.select_related("user")
        .filter(email__iexact=email, verified=True, user__is_active=True)
        .order_by("-primary")
        .first()
    )
    return address.user if address is not None else None


def user_has_mfa(*, user: Actor | None) -> bool:
    """Whether the account has a second factor that a login must present (TOTP; recovery codes
    only exist beside it)."""
    from allauth.mfa.models import Authenticator

    if user is None or not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
