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


class OutgoingEmail(BaseModel):
    """One email to send, at least once, whatever happens to the process sending it.

    ``dedup_key`` names what the email is about (``notification:<id>``, ``invitation:<id>``,
    ``saved_search_digest:<id>:<period>``): asking twice queues it once, and every copy that leaves
    carries it (``X-Stint-Dedup``) and the same ``Message-ID``, so a duplicate after a crash is
    recognisable and harmless. A sender claims the row with a lease (``stint.notifications.outbox``);
    a sender that dies mid-send leaves the row "sending" until the lease runs out, and then it is
    sent again. The body is cleared once sent (it may hold a secret link)."""

    class Status(models.TextChoices):
        PENDING = "pending"
        SENDING = "sending"
        SENT = "sent"
        FAILED = "failed"

    dedup_key = models.CharField(max_length=200, unique=True)
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # While "sending": the claim's expiry. While "pending" after a failed send: not before this.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "lease_expires_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.status})"
