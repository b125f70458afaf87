"""Accounts of imported people (passwords hashed once per distinct password)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.hashers import make_password

from stint.accounts.models import User
from stint.matching.importer.base import (
    BATCH,
    RowError,
    fast_update,
)
from stint.matching.importer.reading import (
    _chunks,
    _text,
)

# --- Users -----------------------------------------------------------------------------------------


class Users:
    """Users by email, created in bulk. Identical passwords share one hash within a run (hashing is
    deliberately slow, and imported passwords are demo/evaluation data)."""

    def __init__(self) -> None:
        self._hashes: dict[str, str] = {}

    def password_hash(self, password: str | None) -> str:
        if not password:
            return make_password(None)
        if password not in self._hashes:
            self._hashes[password] = make_password(password)
        return self._hashes[password]

    def ensure(self, wanted: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """``{email: {"name", "role", "password"}}`` → ``{email: User}`` (existing users keep their
        role; a password given in the file replaces theirs)."""
        from allauth.account.models import EmailAddress

        found: dict[str, Any] = {}
        emails = list(wanted)
        for chunk in _chunks(emails):
            for existing_user in User.objects.filter(email__in=chunk):
                found[existing_user.email] = existing_user
        to_update = []
        for email, spec in wanted.items():
            user: Any = found.get(email)
            if user is not None and (spec.get("password") or (spec.get("name") and spec["name"] != user.name)):
                if spec.get("password"):
                    user.password = self.password_hash(spec["password"])
                if spec.get("name"):
                    user.name = spec["name"]
                to_update.append(user)
        if to_update:
            fast_update(User, to_update, ["password", "name"])
        new = [
            User(
                email=email,
                name=spec.get("name", ""),
                role=spec["role"],
                password=self.password_hash(spec.get("password")),
            )
            for email, spec in wanted.items()
            if email not in found
        ]
        User.objects.bulk_create(new, batch_size=BATCH)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in new],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        for user in new:
            found[user.email] = user
        return found


def _email(obj: dict[str, Any], key: str, required: bool) -> str:
    value = _text(obj, key, 254, required=required).lower()
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise RowError(f"{key} is not an email address")
    return value
