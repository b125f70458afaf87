"""Event groups: what a person can switch email on or off for.

An event is a dotted code (``application.rejected``); its group is the part before the first dot.
Events whose group is not listed here fall into ``other``. Email is on by default for every group.
"""

from __future__ import annotations

EVENT_GROUPS: dict[str, str] = {
    "application": "Applications and offers",
    "project": "Projects you posted or follow",
    "engagement": "Engagements, submissions and approvals",
    "payment": "Payments, refunds and payouts",
    "message": "New messages",
    "review": "Reviews and endorsements",
    "organization": "Organizations, invitations and verification",
    "advisor": "Cohorts and nominations",
    "account": "Your account",
    "other": "Everything else",
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
