from django.db import models
from django.utils.translation import gettext_lazy as _

from stint.core.transitions import Transition, check_actions, transition


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_REVIEW = "pending_review", _("Waiting for review")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProjectStatus.DRAFT: (ProjectStatus.PENDING_REVIEW, ProjectStatus.OPEN, ProjectStatus.CANCELLED),
    ProjectStatus.PENDING_REVIEW: (ProjectStatus.OPEN, ProjectStatus.DRAFT, ProjectStatus.CANCELLED),
    ProjectStatus.OPEN: (ProjectStatus.CLOSED, ProjectStatus.CANCELLED),
    ProjectStatus.CLOSED: (),
    ProjectStatus.CANCELLED: (),
}

P = ProjectStatus
# The one transition per action (ARCHITECTURE rule 3). Services claim ``ACTIONS[name].sources``;
# ``project_allowed_actions`` answers the manage page and the API's ``allowed_actions`` from it.
# ``publish`` leads to ``open``, or to ``pending_review`` while the organization is unverified.
ACTIONS: dict[str, Transition] = {
    "edit": transition((P.DRAFT, P.PENDING_REVIEW), P.DRAFT, "company"),
    "publish": transition((P.DRAFT,), P.OPEN, "company"),
    "approve": transition((P.PENDING_REVIEW,), P.OPEN, "staff", "system"),
    "return-to-draft": transition((P.PENDING_REVIEW,), P.DRAFT, "staff", "system"),
    "close": transition((P.OPEN,), P.CLOSED, "company"),
    "cancel": transition((P.DRAFT, P.PENDING_REVIEW, P.OPEN), P.CANCELLED, "company"),
}
check_actions(ACTIONS, ALLOWED_TRANSITIONS)
# Projects anyone may find by id (public) or link (unlisted): published and not withdrawn.
PUBLIC_STATUSES: tuple[str, ...] = (P.OPEN, P.CLOSED)
# Ended: no more applications, invitations or changes.
ENDED_STATUSES: tuple[str, ...] = (P.CLOSED, P.CANCELLED)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: listed and searchable")
    UNLISTED = "unlisted", _("Unlisted: only people with the secret link")
    INVITE_ONLY = "invite_only", _("Invite only: talent you invite")


MIN_HOURS = 5
MAX_HOURS = 40
MIN_DURATION_DAYS = 3
MAX_DURATION_DAYS = 56
