"""A person's request for a copy of their data (docs/privacy.md). The zip is private, built by a
task, and deleted when it expires."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stint.core.models import BaseModel
from stint.core.storage import PRIVATE_STORAGE, PrivateStorage


def private_storage() -> PrivateStorage:
    return PRIVATE_STORAGE


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class DataExport(BaseModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    file = models.FileField(storage=private_storage, upload_to="exports/", blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ExportStatus]), name="data_export_status_valid"
            ),
            # One export being prepared per person, also when two requests race.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="data_export_one_pending_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"Data export {self.pk} ({self.status})"
