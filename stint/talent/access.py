"""Extension point: extra people a talent lets see their profile and résumé.

The talent app knows its own audience (the talent, and members of organizations the talent applied
to). Higher apps add audiences the talent consented to without the talent app importing them: the
network (``stint.advisors``) registers a grant for the advisor of a cohort in which the talent chose
to share their résumé. A grant is ``grant(user, profile) -> bool``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ProfileGrant = Callable[[Any, Any], bool]

_GRANTS: list[ProfileGrant] = []


def register_profile_grant(grant: ProfileGrant) -> None:
    """Add ``grant`` (idempotent)."""
    if grant not in _GRANTS:
        _GRANTS.append(grant)


def profile_access_granted(user: Any, profile: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(grant(user, profile) for grant in _GRANTS)
