from __future__ import annotations

from django.conf import settings
from django.db import models

from stint.core.models import BaseModel

MAX_MESSAGE_CHARS = 5000


class Connection(BaseModel):
    """A talent and the member who supervised their approved engagement (issue 12, "Connections"):
    either may message the other afterwards, on the connection's own thread, whatever happens to
    the engagement's organization membership. One per pair; ``engagement`` is the first approved
    engagement that connected them."""

    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connections")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connections_supervised"
    )
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["talent", "supervisor"], name="connection_one_per_pair"),
            models.CheckConstraint(condition=~models.Q(talent=models.F("supervisor")), name="connection_two_people"),
        ]

    def __str__(self) -> str:
        return f"{self.talent} ↔ {self.supervisor}"


class Thread(BaseModel):
    """The conversation between a talent and an organization about one application. When the
    application leads to an engagement, the same thread carries on there (``engagement`` is set on
    it), so the pre-hire conversation stays in view. Threads made before that rule had only an
    engagement; migration 0002 merged them into their application's thread."""

    application = models.OneToOneField(
        "applications.Application", null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    engagement = models.OneToOneField(
        "engagements.Engagement", null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    # A connection's thread: only its two people take part (not the organization's other members).
    connection = models.OneToOneField(
        Connection, null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(application__isnull=False)
                | models.Q(engagement__isnull=False)
                | models.Q(connection__isnull=False),
                name="thread_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"Thread {self.pk}"


class Message(BaseModel):
    """Plain text, at most 5,000 characters; rendered escaped with line breaks."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=MAX_MESSAGE_CHARS)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return self.body[:50]


class ThreadReadMarker(BaseModel):
    """How far one participant has read one thread: every message created after ``read_until``
    and written by someone else is unread for them. Moved forward only (a conditional update)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_markers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_until = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="thread_read_marker_one_per_user")]

    def __str__(self) -> str:
        return f"{self.user} read {self.thread_id} until {self.read_until}"
