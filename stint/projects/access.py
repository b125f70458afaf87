"""What a user may do with one project: the single owner of the visibility rule.

Every page, endpoint and service that asks "may this user see / apply to / manage this project?"
calls ``project_access``; nothing else re-states the rule (docs/projects.md, "Visibility").

* members of the project's organization: ``MANAGE``, in any status;
* staff: ``READ`` of every project that has been submitted (for moderation), not drafts of others;
* public projects that are open or closed: everyone may read; a talent may apply;
* unlisted: only with the secret link (``secret`` equal to the project's token), or when invited;
* invite-only: invited talent only.

``APPLY`` means the project is visible to a talent account; whether it still takes applications
(open, before its deadline, under its cap) is the application service's business (409s).
"""

from __future__ import annotations

import hmac
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
    )
    if not visible:
        return Access.NONE
    if _authenticated(user) and getattr(user, "role", None) == Role.TALENT:
        return Access.APPLY
    return Access.READ
