"""Types shared by every app: who is acting.

``Actor`` is whoever a service or selector acts for: the signed-in user (``AUTH_USER_MODEL``,
``stint.accounts.models.User``) or ``AnonymousUser``. It is what ``request.user`` is, so pages and
endpoints pass ``request.user`` as it is. ``User`` is a signed-in user only (what a foreign key to
the user model takes). The core imports no stint app, so both are spelled through django-stubs'
``_AnyUser`` / ``_User``, which the mypy plugin resolves to ``AUTH_USER_MODEL``; at run time they
are the abstract Django classes (annotations are never evaluated).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import _AnyUser, _User

    type User = _User
    type Actor = _AnyUser
else:
    User = AbstractBaseUser
    Actor = AbstractBaseUser | AnonymousUser


class AuthedRequest(HttpRequest):
    """The request of a page or endpoint that only a signed-in user reaches (``login_required``,
    an authenticated API route): ``request.user`` is a ``User``. For the type checker only; Django
    builds the same ``HttpRequest`` (the django-stubs recipe for authenticated views)."""

    user: User  # narrows HttpRequest.user (User | AnonymousUser)


__all__ = ["Actor", "AnonymousUser", "AuthedRequest", "User"]
