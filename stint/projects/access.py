"""What a user may do with one project: the single owner of the visibility rule.

Every page, endpoint and service that asks "may this user see / apply to / manage this project?"
calls ``project_access``; nothing else re-states the rule (docs/projects.md, "Visibility").

* members of the project's organization: ``MANAGE``, in any status;
* staff: ``READ`` of every project that has been submitted (for moderation), not drafts of others;
* public projects that are open or closed: everyone may read; a talent may apply;
* unlisted: only with the secret link (``secret`` equal to the project's token), or when invited;
* invite-only: invited talent only;
* unlisted and invite-only: also whoever a registered access grant lets in (higher apps register
  grants without the projects app importing them: network shares, talent-pool invitations). A
  grant is ``grant(user, project) -> bool``, asked only for a published project that is not public.

``APPLY`` means the project is visible to a talent account; whether it still takes applications
(open, before its deadline, under its cap) is the application service's business (409s).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from stint.accounts.choices import Role
from stint.organizations.selectors import user_is_member
from stint.projects.choices import PUBLIC_STATUSES, ProjectStatus, Visibility
from stint.projects.models import Project, ProjectInvitation


class Access(IntEnum):
    """Ordered: each level includes the ones below it, except that ``MANAGE`` never applies."""

    NONE = 0
    READ = 1
    APPLY = 2
    MANAGE = 3


AccessGrant = Callable[[Any, Any], bool]

_GRANTS: list[AccessGrant] = []


def register_access_grant(grant: AccessGrant) -> None:
    """Add ``grant`` (idempotent: registering the same function twice keeps one)."""
    if grant not in _GRANTS:
        _GRANTS.append(grant)


def access_granted(user: Any, project: Any) -> bool:
    """True if a registered grant opens ``project`` to ``user`` (never for anonymous users)."""
    if not _authenticated(user):
        return False
    return any(grant(user, project) for grant in _GRANTS)


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _is_invited(user: Any, project: Project) -> bool:
    return _authenticated(user) and ProjectInvitation.objects.filter(project=project, talent=user).exists()


def _secret_matches(project: Project, secret: str) -> bool:
    return bool(secret) and hmac.compare_digest(str(secret), project.secret_token)


def project_access(*, project: Project, user: Any, secret: str = "") -> Access:
    """The most ``user`` (possibly anonymous) may do with ``project``; ``secret`` is the unlisted
    link's token when the request came through it."""
    if user_is_member(user=user, organization_id=project.organization_id):
        return Access.MANAGE
    if _authenticated(user) and getattr(user, "is_platform_staff", False):
        return Access.NONE if project.status == ProjectStatus.DRAFT else Access.READ
    if project.status not in PUBLIC_STATUSES:
        return Access.NONE
    visible = (
        project.visibility == Visibility.PUBLIC
        or (project.visibility == Visibility.UNLISTED and _secret_matches(project, secret))
        or _is_invited(user, project)
        or access_granted(user, project)
    )
    if not visible:
        return Access.NONE
    if _authenticated(user) and getattr(user, "role", None) == Role.TALENT:
        return Access.APPLY
    return Access.READ
