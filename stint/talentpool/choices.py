from django.db import models


class PoolInvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


POOL_INVITATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PoolInvitationStatus.PENDING: (PoolInvitationStatus.ACCEPTED, PoolInvitationStatus.DECLINED),
    PoolInvitationStatus.ACCEPTED: (),
    PoolInvitationStatus.DECLINED: (),
}


class HireKind(models.TextChoices):
    JOB = "job", "Job"
    INTERNSHIP = "internship", "Internship"


class HireStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the talent's confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    DISPUTED = "disputed", "Not confirmed by the talent"


HIRE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    HireStatus.PENDING: (HireStatus.CONFIRMED, HireStatus.DISPUTED),
    HireStatus.CONFIRMED: (),
    HireStatus.DISPUTED: (),
}
