"""Extension point: extra reasons a signed-in user may see a non-public project.

The projects app knows two ways into an unlisted or invite-only project (the secret link and a
``ProjectInvitation``). Higher apps add more without the projects app importing them: the network
(``stint.advisors``) registers a grant for projects shared with a talent's cohort. A grant is
``grant(user, project) -> bool`` and is asked only for a published project that is not public, by
the visibility rule here and by the application rule (``stint.applications.selectors``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

AccessGrant = Callable[[Any, Any], bool]

_GRANTS: list[AccessGrant] = []


def register_access_grant(grant: AccessGrant) -> None:
    """Add ``grant`` (idempotent: registering the same function twice keeps one)."""
    if grant not in _GRANTS:
        _GRANTS.append(grant)


def access_granted(user: Any, project: Any) -> bool:
    """True if a registered grant opens ``project`` to ``user`` (never for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(grant(user, project) for grant in _GRANTS)
