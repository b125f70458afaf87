from __future__ import annotations

from django.conf import settings
from django.db import models

from stint.core.models import BaseModel
from stint.planner.choices import DueDateRequestStatus

MAX_DAY_MINUTES = 16 * 60


class CapacityPattern(BaseModel):
    """Optional minutes available per weekday (Monday..Sunday). When present it replaces the even
    split of the profile's weekly hours; blocked periods still reduce it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="capacity_pattern")
    monday = models.PositiveSmallIntegerField(default=0)
    tuesday = models.PositiveSmallIntegerField(default=0)
    wednesday = models.PositiveSmallIntegerField(default=0)
    thursday = models.PositiveSmallIntegerField(default=0)
    friday = models.PositiveSmallIntegerField(default=0)
    saturday = models.PositiveSmallIntegerField(default=0)
    sunday = models.PositiveSmallIntegerField(default=0)

    DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    monday__lte=MAX_DAY_MINUTES,
                    tuesday__lte=MAX_DAY_MINUTES,
                    wednesday__lte=MAX_DAY_MINUTES,
                    thursday__lte=MAX_DAY_MINUTES,
                    friday__lte=MAX_DAY_MINUTES,
                    saturday__lte=MAX_DAY_MINUTES,
                    sunday__lte=MAX_DAY_MINUTES,
                ),
                name="capacity_pattern_day_max",
            ),
        ]

    def __str__(self) -> str:
        return f"Weekday pattern of {self.user}"

    @property
    def minutes(self) -> tuple[int, ...]:
        return tuple(int(getattr(self, day)) for day in self.DAYS)


class CalendarFeed(BaseModel):
    """The secret token of a talent's iCalendar feed. Rotating replaces it; the old URL then 404s.

    The token is stored as is (the talent must be able to copy the URL again); it only grants
    reading the feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class DueDateChangeRequest(BaseModel):
    """A talent's request to move an engagement's due date; the company accepts or declines."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="due_date_change_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    previous_due_date = models.DateField()
    proposed_due_date = models.DateField()
    reason = models.TextField()
    status = models.CharField(
        max_length=10, choices=DueDateRequestStatus.choices, default=DueDateRequestStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement"],
                condition=models.Q(status=DueDateRequestStatus.PENDING),
                name="due_date_request_one_pending_per_engagement",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in DueDateRequestStatus]),
                name="due_date_request_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Move {self.engagement_id} to {self.proposed_due_date} ({self.status})"


class ReminderSent(models.Model):
    """One row per reminder sent; the unique constraint makes each reminder go out once, even when
    two scheduler runs race (the insert is the claim). ``kind`` includes the due date it was about
    (``due_72h:2026-05-04``), so a moved due date re-arms the reminders."""

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["engagement", "kind"], name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.engagement_id}"
