"""Engagement statuses and the transitions between them (docs/engagements.md)."""

from django.db import models

from stint.core.transitions import Transition, check_actions, sources_into, transition


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
    return sources_into(ALLOWED_TRANSITIONS, target)


# The one transition per action (ARCHITECTURE rule 3), named as in ``POST /engagements/{id}/<action>``.
# Services claim ``ACTIONS[name].sources``; ``engagement_allowed_actions`` answers the workspace and
# the API's ``allowed_actions`` from it (plus the few row conditions the table cannot hold: rounds
# left, a cancellation not yet settled, who cancelled, a review not yet written).
ACTIONS: dict[str, Transition] = {
    "submit": transition(WORKING_STATUSES, S.SUBMITTED, "talent"),
    "request-changes": transition((S.SUBMITTED,), S.CHANGES_REQUESTED, "company"),
    "approve": transition((S.SUBMITTED,), S.APPROVED, "company", "system"),
    "pay": transition((S.APPROVED,), S.PAID, "system"),
    "cancel": transition(CANCELLABLE_STATUSES, S.CANCELLED, "talent", "company"),
    "dispute": transition(DISPUTABLE_STATUSES, S.DISPUTED, "talent", "company"),
    "resolve": transition((S.DISPUTED,), S.PAID, "staff"),
    "resolve-nothing": transition((S.DISPUTED,), S.CANCELLED, "staff"),
}
check_actions(ACTIONS, ALLOWED_TRANSITIONS)


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
