"""Engagement statuses and the transitions between them (docs/engagements.md)."""

from django.db import models


class EngagementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUBMITTED = "submitted", "Submitted for approval"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"
    DISPUTED = "disputed", "Disputed"


S = EngagementStatus

# active → submitted → (changes_requested → submitted)* → approved → paid
# active/submitted/changes_requested → cancelled; submitted/cancelled → disputed;
# disputed → paid (staff split with a share for the talent) or cancelled (nothing for the talent).
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.ACTIVE: (S.SUBMITTED, S.CANCELLED),
    S.SUBMITTED: (S.CHANGES_REQUESTED, S.APPROVED, S.CANCELLED, S.DISPUTED),
    S.CHANGES_REQUESTED: (S.SUBMITTED, S.CANCELLED),
    S.APPROVED: (S.PAID,),
    S.PAID: (),
    S.CANCELLED: (S.DISPUTED,),
    S.DISPUTED: (S.PAID, S.CANCELLED),
}

# The talent may log time and deliver while the work is open.
WORKING_STATUSES: tuple[str, ...] = (S.ACTIVE, S.CHANGES_REQUESTED)
# A company may cancel before approval.
CANCELLABLE_STATUSES: tuple[str, ...] = (S.ACTIVE, S.SUBMITTED, S.CHANGES_REQUESTED)
DISPUTABLE_STATUSES: tuple[str, ...] = (S.SUBMITTED, S.CANCELLED)
APPROVED_STATUSES: tuple[str, ...] = (S.APPROVED, S.PAID)
OPEN_STATUSES: tuple[str, ...] = (S.ACTIVE, S.SUBMITTED, S.CHANGES_REQUESTED, S.DISPUTED)


def sources_of(target: str) -> tuple[str, ...]:
    """The statuses from which ``target`` may be reached, per ``ALLOWED_TRANSITIONS``."""
    return tuple(source for source, targets in ALLOWED_TRANSITIONS.items() if target in targets)


class CancelledBy(models.TextChoices):
    COMPANY = "company", "The company"
    TALENT = "talent", "The talent (dropped out)"


class OverrunDecision(models.TextChoices):
    APPROVE_OVERRUN = "approve_overrun", "Extra hours approved (the fee does not change)"
    ADJUST_SCOPE = "adjust_scope", "Scope adjusted to fit the estimate"


STATUS_HELP: dict[str, str] = {
    S.ACTIVE: "The work is under way. Log your time and submit when ready.",
    S.SUBMITTED: "Delivered. The company approves or requests changes before the review deadline; "
    "after it, the fee is released automatically.",
    S.CHANGES_REQUESTED: "The company asked for changes. Resubmit when they are done.",
    S.APPROVED: "Approved: the fee is being released to the talent.",
    S.PAID: "Approved and paid: the fee is in the talent's balance.",
    S.CANCELLED: "Cancelled.",
    S.DISPUTED: "Disputed: staff will split the held fee.",
}
