"""Engagement statuses and the transitions between them (docs/engagements.md)."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stint.core.transitions import Transition, check_actions, sources_into, transition


class EngagementStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUBMITTED = "submitted", _("Submitted for approval")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")
    DISPUTED = "disputed", _("Disputed")


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
    COMPANY = "company", _("The company")
    TALENT = "talent", _("The talent (dropped out)")


class OverrunDecision(models.TextChoices):
    APPROVE_OVERRUN = "approve_overrun", _("Extra hours approved (the fee does not change)")
    ADJUST_SCOPE = "adjust_scope", _("Scope adjusted to fit the estimate")


STATUS_HELP: dict[str, Promise] = {
    S.ACTIVE: _("The work is under way. Log your time and submit when ready."),
    S.SUBMITTED: _(
        "Delivered. The company approves or requests changes before the review deadline; "
        "after it, the fee is released automatically."
    ),
    S.CHANGES_REQUESTED: _("The company asked for changes. Resubmit when they are done."),
    S.APPROVED: _("Approved: the fee is being released to the talent."),
    S.PAID: _("Approved and paid: the fee is in the talent's balance."),
    S.CANCELLED: _("Cancelled."),
    S.DISPUTED: _("Disputed: staff will split the held fee."),
}
