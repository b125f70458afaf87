from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    """UUID primary key and created/updated timestamps for every domain model."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError(f"{self.model.__name__} rows are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError(f"{self.model.__name__} rows are append-only")


class AuditEvent(models.Model):
    """Append-only record of who did what to which object. Written only by ``core.audit.audit_log``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("AuditEvent rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("AuditEvent rows are append-only")

    def __str__(self) -> str:
        return f"{self.code} {self.target_type}:{self.target_id}"


class IdempotencyKey(models.Model):
    """A client's Idempotency-Key for one operation of one user, with the response it produced.

    The unique constraint on (user, scope, key) is what makes concurrent duplicates execute once:
    the first request inserts the row in state ``started``; a second one fails to insert and waits
    for, or replays, the first one's response. A started key is held until ``lease_expires_at``:
    after that its request is presumed dead and the next request with the key takes it over.
    """

    class State(models.TextChoices):
        STARTED = "started"
        COMPLETED = "completed"

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=200)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=16, choices=State.choices, default=State.STARTED)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    response_content_type = models.CharField(max_length=100, blank=True)
    # While started: until when the request that holds the key is presumed alive (NULL: rows from
    # before leases existed, treated as expired).
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_key_unique")]


class FailedTask(models.Model):
    """A task that failed on its last attempt: visible to staff, retryable by hand."""

    id = models.BigAutoField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    task_path = models.CharField(max_length=255)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    attempts = models.PositiveIntegerField()
    error = models.TextField()
    traceback = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.task_path} ({self.attempts} attempts)"


class ScheduledJob(models.Model):
    """Last run of a periodic job; the scheduler claims a run with a conditional update."""

    name = models.CharField(max_length=120, primary_key=True)
    last_run_at = models.DateTimeField(null=True, blank=True)


class ProcessHeartbeat(models.Model):
    """A background process (task worker or scheduler) saying it is alive, for ``/readyz``.

    Written every few seconds by the process itself (``stint.core.heartbeat``), deleted when it
    stops cleanly; a row that stopped moving belongs to a process that died."""

    class Kind(models.TextChoices):
        WORKER = "worker"
        SCHEDULER = "scheduler"

    name = models.CharField(max_length=120, primary_key=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.name} ({self.hostname}:{self.pid})"
