from __future__ import annotations

from django.conf import settings
from django.db import models

from stint.applications.choices import ApplicationStatus
from stint.core.models import BaseModel


class Application(BaseModel):
    """A talent's tailored request to work on a project. Status changes only through services."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="applications")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    cover_letter = models.TextField()
    answers = models.JSONField(default=list, blank=True, help_text="One string per project question, in order")
    links = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED, db_index=True
    )
    rejection_reason = models.TextField(blank=True)
    closing_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the system closed it (offer expired, project closed)"
    )
    first_response_at = models.DateTimeField(null=True, blank=True, help_text="The company's first decision")
    decided_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["project", "status"]), models.Index(fields=["talent", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["project", "talent"], name="application_one_per_talent_per_project"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ApplicationStatus]), name="application_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.talent} → {self.project} ({self.status})"

    @property
    def is_hired(self) -> bool:
        return self.status == ApplicationStatus.HIRED


class RubricScore(BaseModel):
    """The company's 1–5 score of one application on one criterion of the project's rubric."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="rubric_scores")
    criterion = models.CharField(max_length=200)
    score = models.PositiveSmallIntegerField()
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="rubric_score_one_per_criterion"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rubric_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
