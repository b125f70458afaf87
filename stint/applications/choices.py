"""Application statuses, the transitions between them and the company's template rejection reasons."""

from django.db import models

from stint.core.transitions import Transition, check_actions, sources_into, transition


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SHORTLISTED = "shortlisted", "Shortlisted"
    OFFERED = "offered", "Offered"
    HIRED = "hired", "Hired"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired (no answer in time)"
    DECLINED = "declined", "Declined"


S = ApplicationStatus

ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (S.SHORTLISTED, S.OFFERED, S.REJECTED, S.WITHDRAWN, S.EXPIRED),
    S.SHORTLISTED: (S.OFFERED, S.REJECTED, S.WITHDRAWN, S.EXPIRED),
    # An offer is accepted (hired), declined by the talent or by time/closure, or withdrawn.
    S.OFFERED: (S.HIRED, S.DECLINED, S.WITHDRAWN),
    S.HIRED: (),
    S.REJECTED: (),
    S.WITHDRAWN: (),
    S.EXPIRED: (),
    S.DECLINED: (),
}

# Applications that count against the talent's cap and that the company still has to decide on.
ACTIVE_STATUSES: tuple[str, ...] = (S.SUBMITTED, S.SHORTLISTED, S.OFFERED)
UNDECIDED_STATUSES: tuple[str, ...] = (S.SUBMITTED, S.SHORTLISTED)
SCORABLE_STATUSES: tuple[str, ...] = (S.SUBMITTED, S.SHORTLISTED, S.OFFERED, S.HIRED, S.REJECTED)
# Applications the company answered (the response rate counts them; an offer the talent declined was answered).
ANSWERED_STATUSES: tuple[str, ...] = (S.SHORTLISTED, S.OFFERED, S.HIRED, S.REJECTED, S.DECLINED)


def sources_of(target: str) -> tuple[str, ...]:
    """The statuses from which ``target`` may be reached, per ``ALLOWED_TRANSITIONS``."""
    return sources_into(ALLOWED_TRANSITIONS, target)


# The one transition per action (ARCHITECTURE rule 3): services claim ``ACTIONS[name].sources``;
# ``application_allowed_actions`` answers the pages and the API's ``allowed_actions`` from it.
ACTIONS: dict[str, Transition] = {
    "shortlist": transition((S.SUBMITTED,), S.SHORTLISTED, "company"),
    "offer": transition(UNDECIDED_STATUSES, S.OFFERED, "company"),
    "reject": transition(UNDECIDED_STATUSES, S.REJECTED, "company"),
    "accept": transition((S.OFFERED,), S.HIRED, "talent"),
    "decline": transition((S.OFFERED,), S.DECLINED, "talent", "system"),
    "withdraw": transition(ACTIVE_STATUSES, S.WITHDRAWN, "talent"),
    "expire": transition(UNDECIDED_STATUSES, S.EXPIRED, "system"),
}
check_actions(ACTIONS, ALLOWED_TRANSITIONS)


REJECTION_TEMPLATES: tuple[str, ...] = (
    "Thank you for applying. We chose applicants whose experience matched the brief more closely.",
    "We filled the opening with an applicant who could start sooner.",
    "Your answers to the screening questions did not show the method we need for this project.",
    "We received many strong applications and could only offer a few openings.",
    "Your application did not show the required skills listed in the brief.",
)

OFFER_EXPIRED_REASON = "offer expired"

NEXT_STEPS: dict[str, str] = {
    S.SUBMITTED: "Wait for the company's answer; it is due by the response deadline.",
    S.SHORTLISTED: "You are on the shortlist. The company will decide by the response deadline.",
    S.OFFERED: "You have an offer: accept or decline it before it expires.",
    S.HIRED: "You are hired. Start the work from your engagement.",
    S.REJECTED: "Not selected this time. See the rubric and any scores below.",
    S.WITHDRAWN: "You withdrew this application.",
    S.EXPIRED: "The company did not answer in time.",
    S.DECLINED: "The offer was declined or expired.",
}
