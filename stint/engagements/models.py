from __future__ import annotations

from django.conf import settings
from django.db import models

from stint.core.models import BaseModel
from stint.core.money import Money
from stint.engagements.choices import EngagementStatus


class Engagement(BaseModel):
    """The work of one hired talent on one project. Created when the talent accepts an offer."""

    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT, related_name="engagement")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="engagements")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements")
    status = models.CharField(
        max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.ACTIVE, db_index=True
    )
    fee_minor = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    due_date = models.DateField()

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
