"""Writes for organizations: creation, profile, logo, members, invitations and verification.

Every rule lives here; the HTML views and the JSON endpoints fetch the organization within the
actor's scope (selectors) and call these functions. Role checks are repeated here on purpose: a
service must be safe to call from anywhere (admin actions, tasks, other apps).

A package by subdomain (ARCHITECTURE rule 9): ``base`` (limits and the role checks every service
shares), ``profile`` (creation, profile and logo), ``verification``, ``invitations`` and
``members``. Import from ``stint.organizations.services`` as before.
"""

from stint.organizations.services.base import (
    INVITABLE_ROLES,
    INVITATION_TTL,
    LOGO_FORMATS,
    LOGO_MAX_PIXELS,
    PROFILE_FIELDS,
    logo_max_bytes,
)
from stint.organizations.services.invitations import (
    hash_invitation_token,
    invitation_accept,
    invitation_create,
    invitation_is_pending,
    invitation_revoke,
    invitation_send_email,
    invitation_token,
    invitation_url,
)
from stint.organizations.services.members import (
    membership_change_role,
    membership_leave,
    membership_remove,
)
from stint.organizations.services.profile import (
    organization_create,
    organization_logo_remove,
    organization_logo_set,
    organization_update,
    validate_logo,
)
from stint.organizations.services.verification import (
    organization_mark_verified,
    organization_record_verified,
)

__all__ = [
    "INVITABLE_ROLES",
    "INVITATION_TTL",
    "LOGO_FORMATS",
    "LOGO_MAX_PIXELS",
    "PROFILE_FIELDS",
    "hash_invitation_token",
    "invitation_accept",
    "invitation_create",
    "invitation_is_pending",
    "invitation_revoke",
    "invitation_send_email",
    "invitation_token",
    "invitation_url",
    "logo_max_bytes",
    "membership_change_role",
    "membership_leave",
    "membership_remove",
    "organization_create",
    "organization_logo_remove",
    "organization_logo_set",
    "organization_mark_verified",
    "organization_record_verified",
    "organization_update",
    "validate_logo",
]
