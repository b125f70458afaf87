from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from stint.accounts.models import ApiToken
from stint.core.errors import NotFound


def token_list_for_user(*, user: Any) -> QuerySet[ApiToken]:
    """The user's API tokens, newest first (revoked ones included, to show when they stopped)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def token_get_for_user(*, user: Any, token_id: Any) -> ApiToken:
    try:
        return ApiToken.objects.get(pk=token_id, user=user)
    except (ApiToken.DoesNotExist, ValueError, ValidationError):
        raise NotFound("No such token.", code="token_not_found") from None
