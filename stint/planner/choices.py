"""Due-date change request statuses and their transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DueDateRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the company")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


S = DueDateRequestStatus

ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PENDING: (S.ACCEPTED, S.DECLINED),
    S.ACCEPTED: (),
    S.DECLINED: (),
}


class ReminderKind(models.TextChoices):
    DUE_72H = "due_72h", _("72 hours before the due date")
    DUE_24H = "due_24h", _("24 hours before the due date")
    AT_RISK = "at_risk", _("At risk of missing the due date")


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
