from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PoolInvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


POOL_INVITATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PoolInvitationStatus.PENDING: (PoolInvitationStatus.ACCEPTED, PoolInvitationStatus.DECLINED),
    PoolInvitationStatus.ACCEPTED: (),
    PoolInvitationStatus.DECLINED: (),
}


class HireKind(models.TextChoices):
    JOB = "job", _("Job")
    INTERNSHIP = "internship", _("Internship")


class HireStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the talent's confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("hire status", "Confirmed")
    DISPUTED = "disputed", _("Not confirmed by the talent")


HIRE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    HireStatus.PENDING: (HireStatus.CONFIRMED, HireStatus.DISPUTED),
    HireStatus.CONFIRMED: (),
    HireStatus.DISPUTED: (),
}
