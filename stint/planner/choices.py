"""Due-date change request statuses and their transitions."""

from django.db import models


class DueDateRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the company"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


S = DueDateRequestStatus

ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PENDING: (S.ACCEPTED, S.DECLINED),
    S.ACCEPTED: (),
    S.DECLINED: (),
}


class ReminderKind(models.TextChoices):
    DUE_72H = "due_72h", "72 hours before the due date"
    DUE_24H = "due_24h", "24 hours before the due date"
    AT_RISK = "at_risk", "At risk of missing the due date"


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
