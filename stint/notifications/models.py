from __future__ import annotations

from django.conf import settings
from django.db import models

from stint.core.models import BaseModel


class Notification(BaseModel):
    """One in-app notification. ``event`` is a dotted code (``application.rejected``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(BaseModel):
    """Whether ``user`` wants email for one event group. No row means the default (email on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    group = models.CharField(max_length=40)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="notification_preference_unique_group"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.group}: {'email' if self.email else 'in-app only'}"
