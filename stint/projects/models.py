from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from stint.core.languages import DEFAULT_LANGUAGE
from stint.core.models import BaseModel
from stint.core.money import Money
from stint.core.timezones import WorkWindow, end_of_day
from stint.projects.choices import ENDED_STATUSES, MAX_HOURS, MIN_HOURS, PUBLIC_STATUSES, ProjectStatus, Visibility


class Project(BaseModel):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="projects")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300)
    description = models.TextField(help_text="Markdown")
    description_html = models.TextField(blank=True, help_text="Sanitised HTML rendered from description")
    category = models.ForeignKey("skills.Category", on_delete=models.PROTECT, related_name="projects")
    deliverables = models.JSONField(default=list, blank=True)
    estimated_hours = models.PositiveSmallIntegerField()
    fee_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="USD")
    openings = models.PositiveSmallIntegerField(default=1)
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC)
    secret_token = models.CharField(max_length=43, unique=True, help_text="For the unlisted link")
    application_deadline = models.DateTimeField()
    response_deadline = models.DateTimeField()
    start_date = models.DateField()
    due_date = models.DateField()
    # Where the project "lives" (docs/projects.md, "Dates and time zones"): a date-only deadline such
    # as ``due_date`` means the end of that day in this zone (``due_at``). IANA name.
    time_zone = models.CharField(max_length=64, default="UTC")
    # ISO 639-1 code from ``stint.core.languages`` (search stems the text in it on PostgreSQL).
    language = models.CharField(max_length=8, default=DEFAULT_LANGUAGE)
    # Working-hours overlap the company needs: at least ``overlap_hours`` of the talent's working
    # hours inside ``overlap_start``–``overlap_end`` (wall-clock times in ``time_zone``). All three
    # are set or none is.
    overlap_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    overlap_start = models.TimeField(null=True, blank=True)
    overlap_end = models.TimeField(null=True, blank=True)
    questions = models.JSONField(default=list, blank=True)
    rubric = models.JSONField(default=list, blank=True, help_text='[{"criterion": str, "weight": int}]')
    max_applications = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=300, blank=True)
    moderation_note = models.TextField(blank=True, help_text="Why staff sent the project back to draft")
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)
    skills = models.ManyToManyField("skills.Skill", through="ProjectSkill", related_name="+")

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "visibility", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(estimated_hours__gte=MIN_HOURS, estimated_hours__lte=MAX_HOURS),
                name="project_hours_5_40",
            ),
            models.CheckConstraint(condition=models.Q(fee_minor__gt=0), name="project_fee_positive"),
            models.CheckConstraint(condition=models.Q(openings__gte=1), name="project_openings_positive"),
            models.CheckConstraint(
                condition=models.Q(due_date__gte=models.F("start_date")), name="project_due_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(response_deadline__gt=models.F("application_deadline")),
                name="project_response_after_application_deadline",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ProjectStatus]), name="project_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(overlap_hours__isnull=True, overlap_start__isnull=True, overlap_end__isnull=True)
                | models.Q(
                    overlap_hours__gte=1,
                    overlap_hours__lte=12,
                    overlap_start__isnull=False,
                    overlap_end__isnull=False,
                ),
                name="project_overlap_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # Status flags for the pages (templates compare no status strings; the groups live in choices.py).
    @property
    def is_draft(self) -> bool:
        return self.status == ProjectStatus.DRAFT

    @property
    def is_pending_review(self) -> bool:
        return self.status == ProjectStatus.PENDING_REVIEW

    @property
    def is_open(self) -> bool:
        return self.status == ProjectStatus.OPEN

    @property
    def is_public(self) -> bool:
        """Published and not withdrawn: anyone may find it by id or link (``PUBLIC_STATUSES``)."""
        return self.status in PUBLIC_STATUSES

    @property
    def is_ended(self) -> bool:
        """Closed or cancelled: no more applications (``ENDED_STATUSES``)."""
        return self.status in ENDED_STATUSES

    @property
    def fee(self) -> Money:
        return Money(self.fee_minor, self.currency)

    @property
    def due_at(self) -> datetime.datetime:
        """The due date as an instant: the end of that day (23:59:59) in the project's time zone."""
        return end_of_day(self.due_date, self.time_zone)

    @property
    def starts_at(self) -> datetime.datetime:
        """The start date's first moment in the project's time zone (the end of the day before, + 1 s)."""
        return end_of_day(self.start_date - datetime.timedelta(days=1), self.time_zone) + datetime.timedelta(seconds=1)

    @property
    def overlap_window(self) -> WorkWindow | None:
        """The window the project needs overlap in, or None when it states none."""
        if self.overlap_hours is None or self.overlap_start is None or self.overlap_end is None:
            return None
        return WorkWindow(self.overlap_start, self.overlap_end, self.time_zone)

    @property
    def hourly_rate_minor(self) -> int:
        return self.fee_minor // self.estimated_hours if self.estimated_hours else 0

    @property
    def hourly_rate(self) -> Money:
        """The effective hourly rate (fee ÷ estimated hours, rounded down)."""
        return Money(self.hourly_rate_minor, self.currency)


class ProjectSkill(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_skills")
    skill = models.ForeignKey("skills.Skill", on_delete=models.PROTECT, related_name="+")
    required = models.BooleanField(default=True)
    level = models.PositiveSmallIntegerField(default=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "skill"], name="project_skill_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="project_skill_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({'required' if self.required else 'nice to have'})"


class ProjectInvitation(BaseModel):
    """An invitation to a non-public project, by email address (see also advisors sharing with a
    cohort). ``talent`` is the talent account that has verified ``email``: set when the invitation
    is made if there is one, otherwise when someone confirms the address later. Until then the
    invitation opens nothing, and the company cannot tell the two cases apart."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    # Lower-cased. Blank only for rows made for an account directly (before invitations were by address).
    email = models.EmailField(max_length=254, blank=True, default="")
    talent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "talent"], name="project_invitation_unique"),
            models.UniqueConstraint(
                fields=["project", "email"], condition=~models.Q(email=""), name="project_invitation_email_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.project}"
