"""Event groups: what a person can switch email on or off for.

An event is a dotted code (``application.rejected``); its group is the part before the first dot.
Events whose group is not listed here fall into ``other``. Email is on by default for every group.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EVENT_GROUPS: dict[str, str | Promise] = {
    "application": _("Applications and offers"),
    "project": _("Projects you posted or follow"),
    "engagement": _("Engagements, submissions and approvals"),
    "payment": _("Payments, refunds and payouts"),
    "message": _("New messages"),
    "review": _("Reviews and endorsements"),
    "organization": _("Organizations, invitations and verification"),
    "advisor": _("Cohorts and nominations"),
    "account": _("Your account"),
    "other": _("Everything else"),
}

# Events whose prefix differs from the group they belong to.
EVENT_GROUP_ALIASES: dict[str, str] = {
    "offer": "application",
    "nomination": "advisor",
    "cohort": "advisor",
    "payout": "payment",
    "refund": "payment",
    "funds": "payment",
    "submission": "engagement",
    "milestone": "engagement",
    "invitation": "organization",
    "credential": "engagement",
    "planner": "engagement",
    "reminder": "engagement",
}

DEFAULT_EMAIL = True


def event_group(event: str) -> str:
    prefix = (event or "").split(".", 1)[0]
    prefix = EVENT_GROUP_ALIASES.get(prefix, prefix)
    return prefix if prefix in EVENT_GROUPS else "other"
