"""Application statuses, the transitions between them and the company's template rejection reasons."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from stint.core.transitions import Transition, check_actions, sources_into, transition

StrOrPromise = str | Promise


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    OFFERED = "offered", _("Offered")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired (no answer in time)")
    DECLINED = "declined", _("Declined")


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


# Marked for translation and translated where they are offered (``gettext(t)``): the company picks
# one in its language and the chosen text is stored as the reason, like one it wrote.
REJECTION_TEMPLATES: tuple[str, ...] = (
    gettext_noop("Thank you for applying. We chose applicants whose experience matched the brief more closely."),
    gettext_noop("We filled the opening with an applicant who could start sooner."),
    gettext_noop("Your answers to the screening questions did not show the method we need for this project."),
    gettext_noop("We received many strong applications and could only offer a few openings."),
    gettext_noop("Your application did not show the required skills listed in the brief."),
)

# Why the system closed an application (stored in ``closing_reason`` as written here, in English;
# the page shows them translated: ``closing_reason_text``).
OFFER_EXPIRED_REASON = gettext_noop("offer expired")
DECLINED_BY_TALENT_REASON = gettext_noop("declined by the talent")
NO_ANSWER_REASON = gettext_noop("The company did not answer by the project's response deadline.")
PROJECT_CLOSED_REASON = gettext_noop("The project was closed.")
PROJECT_CLOSED_PREFIX = "The project was closed: "
SYSTEM_REASONS: tuple[str, ...] = (
    OFFER_EXPIRED_REASON,
    DECLINED_BY_TALENT_REASON,
    NO_ANSWER_REASON,
    PROJECT_CLOSED_REASON,
)

NEXT_STEPS: dict[str, StrOrPromise] = {
    S.SUBMITTED: _("Wait for the company's answer; it is due by the response deadline."),
    S.SHORTLISTED: _("You are on the shortlist. The company will decide by the response deadline."),
    S.OFFERED: _("You have an offer: accept or decline it before it expires."),
    S.HIRED: _("You are hired. Start the work from your engagement."),
    S.REJECTED: _("Not selected this time. See the rubric and any scores below."),
    S.WITHDRAWN: _("You withdrew this application."),
    S.EXPIRED: _("The company did not answer in time."),
    S.DECLINED: _("The offer was declined or expired."),
}
