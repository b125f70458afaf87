from __future__ import annotations

from django.conf import settings
from django.db import models

from stint.core.models import BaseModel
from stint.core.storage import PRIVATE_STORAGE, PrivateStorage
from stint.core.timezones import WorkWindow


def private_storage() -> PrivateStorage:
    """Résumés are private: never under MEDIA_URL, served only by permission-checked views (the
    migrations name this function)."""
    return PRIVATE_STORAGE


class TalentProfile(BaseModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_profile")
    headline = models.CharField(max_length=160, blank=True)
    interests = models.JSONField(default=list, blank=True, help_text="Category slugs and industries")
    career_goals = models.TextField(blank=True)
    target_roles = models.JSONField(default=list, blank=True)
    weekly_hours = models.PositiveSmallIntegerField(default=10)
    timezone = models.CharField(max_length=64, default="UTC")
    # Usual working hours, wall-clock times in ``timezone`` (both set or neither; end before start
    # means past midnight). Matching compares them with a project's overlap window.
    work_start = models.TimeField(null=True, blank=True)
    work_end = models.TimeField(null=True, blank=True)
    # ISO 639-1 codes (``stint.core.languages``) the talent can work in; recommendations prefer them.
    languages = models.JSONField(default=list, blank=True)
    links = models.JSONField(default=list, blank=True)
    resume = models.FileField(storage=private_storage, upload_to="resumes/", blank=True)
    resume_uploaded_at = models.DateTimeField(null=True, blank=True)
    resume_size = models.PositiveIntegerField(null=True, blank=True)
    # The talent's original file name, kept only to name the download; the stored name is random.
    resume_original_name = models.CharField(max_length=200, blank=True)
    # Weekly hours and time zone have defaults, so "set" means the talent saved them at least once.
    weekly_hours_confirmed = models.BooleanField(default=False)
    timezone_confirmed = models.BooleanField(default=False)
    skills = models.ManyToManyField("skills.Skill", through="TalentSkill", related_name="+")
    external_id = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(weekly_hours__lte=80), name="talent_weekly_hours_max"),
            models.CheckConstraint(
                condition=models.Q(work_start__isnull=True, work_end__isnull=True)
                | models.Q(work_start__isnull=False, work_end__isnull=False),
                name="talent_work_hours_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def work_window(self) -> WorkWindow | None:
        """The talent's working hours in their zone, or None when not stated."""
        if self.work_start is None or self.work_end is None:
            return None
        return WorkWindow(self.work_start, self.work_end, self.timezone or "UTC")


class Education(BaseModel):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="education")
    institution = models.CharField(max_length=200)
    programme = models.CharField(max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-graduation_year", "institution"]

    def __str__(self) -> str:
        return f"{self.programme} at {self.institution}"


class TalentSkill(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="talent_skills")
    skill = models.ForeignKey("skills.Skill", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(default=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="talent_skill_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=5), name="talent_skill_level_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.skill} ({self.level})"


class BlockedPeriod(BaseModel):
    """Dates when the talent cannot work (exams, holidays); capacity_hours None means zero."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="blocked_periods")
    start = models.DateField()
    end = models.DateField()
    reason = models.CharField(max_length=200, blank=True)
    capacity_hours = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Reduced weekly hours, if any")

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="blocked_period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end} {self.reason}"
