"""Named personas for tests (ARCHITECTURE.md rule 12).

``Personas`` is built lazily: each attribute creates its user on first use, so a test pays only for
the people it mentions. Apps that add context to a persona (an organization for the company owner,
a profile for the talent) register a hook with ``register_persona_hook``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stint.core.testing import factories

_HOOKS: dict[str, list[Callable[[Any, Personas], None]]] = {}

PERSONA_NAMES = (
    "company_owner",
    "company_admin",
    "company_member",
    "other_company_member",
    "talent",
    "other_talent",
    "advisor",
    "other_advisor",
    "staff",
)


def register_persona_hook(name: str, hook: Callable[[Any, Personas], None]) -> None:
    """Run ``hook(user, personas)`` after persona ``name`` is created (e.g. give the owner an org)."""
    _HOOKS.setdefault(name, []).append(hook)


class Personas:
    def __init__(self) -> None:
        self._cache: dict[str, Any] = {}
        self.anonymous = None

    def _make(self, name: str) -> Any:
        user: Any
        if name in ("company_owner", "company_admin", "company_member", "other_company_member"):
            user = factories.CompanyUserFactory(email=f"{name}@example.test", name=name.replace("_", " ").title())
        elif name in ("talent", "other_talent"):
            user = factories.TalentFactory(email=f"{name}@example.test", name=name.replace("_", " ").title())
        elif name in ("advisor", "other_advisor"):
            user = factories.AdvisorFactory(email=f"{name}@example.test", name=name.replace("_", " ").title())
        elif name == "staff":
            user = factories.StaffFactory(email="staff@example.test", name="Staff")
        else:
            raise AttributeError(name)
        return user

    def __getattr__(self, name: str) -> Any:
        if name in ("organization", "other_organization"):
            # Owned by company_owner / other_company_member (see stint.organizations.testing).
            self.__getattr__("company_owner" if name == "organization" else "other_company_member")
            return self._cache[name]
        if name.startswith("_") or name not in PERSONA_NAMES:
            raise AttributeError(name)
        if name not in self._cache:
            user = self._make(name)
            self._cache[name] = user
            for hook in _HOOKS.get(name, []):
                hook(user, self)
        return self._cache[name]
