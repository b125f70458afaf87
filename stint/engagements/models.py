from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models

from stint.core.models import BaseModel
from stint.core.money import Money
from stint.core.timezones import end_of_day
from stint.engagements.choices import CancelledBy, EngagementStatus, OverrunDecision
from stint.engagements.storage import private_storage

MAX_MINUTES_PER_ENTRY = 24 * 60


class Engagement(BaseModel):
    """The work of one hired talent on one project. Created when the talent accepts an offer.

    Status changes go through ``stint.engagements.services`` (one service per transition, each a
    conditional update on the current status); money moves only through ``stint.payments.services``.
    """

    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT, related_name="engagement")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="engagements")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements")
    status = models.CharField(
        max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.ACTIVE, db_index=True
    )
    fee_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    due_date = models.DateField()

    submitted_at = models.DateTimeField(null=True, blank=True)
    review_deadline = models.DateTimeField(null=True, blank=True, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    auto_released = models.BooleanField(default=False)
    change_rounds_used = models.PositiveSmallIntegerField(default=0)

    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    cancelled_by = models.CharField(max_length=10, choices=CancelledBy.choices, blank=True)
    # A company cancellation is settled (pro rata / refund) after a short contest window in which
    # the talent may open a dispute; ``settled_at`` marks the settlement (claimed conditionally).
    settle_after = models.DateTimeField(null=True, blank=True, db_index=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    disputed_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.TextField(blank=True)
    disputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True)
    talent_share_minor = models.PositiveIntegerField(null=True, blank=True)

    overrun_decision = models.CharField(max_length=20, choices=OverrunDecision.choices, blank=True)
    overrun_note = models.TextField(blank=True)
    overrun_decided_at = models.DateTimeField(null=True, blank=True)
    overrun_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application"], name="engagement_one_per_application"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in EngagementStatus]), name="engagement_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent} on {self.project} ({self.status})"

    @property
    def fee(self) -> Money:
        return Money(self.fee_minor, self.currency)

    @property
    def due_at(self) -> datetime.datetime:
        """The due date as an instant: the end of that day in the project's time zone (docs/projects.md)."""
        return end_of_day(self.due_date, self.project.time_zone)


class Milestone(BaseModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "created_at"]

    def __str__(self) -> str:
        return self.title


class TimeEntry(BaseModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="time_entries")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    minutes = models.PositiveIntegerField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MAX_MINUTES_PER_ENTRY), name="time_entry_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} min on {self.date}"


class Submission(BaseModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="submissions")
    round = models.PositiveSmallIntegerField()
    notes = models.TextField(blank=True)
    ai_use = models.TextField(help_text="The talent's declaration of how AI tools were used (required).")
    links = models.JSONField(default=list, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "round"], name="submission_round_unique"),
            models.CheckConstraint(condition=models.Q(round__gte=1), name="submission_round_positive"),
        ]

    def __str__(self) -> str:
        return f"Submission {self.round}"


def _deliverable_path(instance: SubmissionFile, filename: str) -> str:
    # The stored name is random; the talent's file name is kept only to name the download.
    return f"deliverables/{instance.submission.engagement_id}/{uuid.uuid4().hex}"


class SubmissionFile(BaseModel):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=_deliverable_path, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name


class ChangeRequest(BaseModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="change_requests")
    round = models.PositiveSmallIntegerField()
    message = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["engagement", "round"], name="change_request_round_unique")]

    def __str__(self) -> str:
        return f"Change request {self.round}"


class Review(BaseModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The other side: the talent (reviewed by the company) or, for the talent's review, the
    # organization (``subject`` is then empty).
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews_received"
    )
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    # "talent" when the talent reviews the company, "company" when the company reviews the talent.
    side = models.CharField(max_length=10)
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    endorsed_skills = models.ManyToManyField("skills.Skill", blank=True, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "author"], name="review_one_per_author"),
            models.UniqueConstraint(fields=["engagement", "side"], name="review_one_per_side"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_range"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 by {self.author}"
