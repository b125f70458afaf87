"""Reads scoped to the acting user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext

from stint.core.errors import NotFound
from stint.core.types import User
from stint.matching.models import SavedSearch


def saved_search_list_for_user(*, user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("-created_at")


def saved_search_get_for_user(*, user: User, saved_search_id: Any) -> SavedSearch:
    """The user's own saved search; anyone else's (or a malformed id) is a 404."""
    try:
        return SavedSearch.objects.get(pk=saved_search_id, user=user)
    except (SavedSearch.DoesNotExist, ValueError, TypeError, ValidationError):
        raise NotFound(gettext("No such saved search."), code="saved_search_not_found") from None
