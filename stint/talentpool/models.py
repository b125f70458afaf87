"""A company's talent pipeline: private notes and tags on its pool, invitations to apply, recorded
hires and followers (docs/advisors.md, "Talent pool"). The pool itself is not stored: it is everyone
who completed one of the organization's projects."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from stint.core.models import BaseModel
from stint.talentpool.choices import (
    HIRE_TRANSITIONS,
    POOL_INVITATION_TRANSITIONS,
    HireKind,
    HireStatus,
    PoolInvitationStatus,
)


class PoolNote(BaseModel):
    """A private note of an organization about a talent, visible to its members only."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=2000)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "talent"])]


class PoolTag(BaseModel):
    """A private label (``frontend``, ``rehire``) an organization puts on a talent."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "talent", "name"], name="pool_tag_unique")]


class PoolInvitation(BaseModel):
    """An invitation to apply to a project, tracked until the talent answers."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pool_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=16, choices=PoolInvitationStatus.choices, default=PoolInvitationStatus.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "talent"], name="pool_invitation_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in PoolInvitationStatus]),
                name="pool_invitation_status_valid",
            ),
        ]

    @property
    def awaiting_answer(self) -> bool:
        """The talent has not answered yet (the transition table still leads somewhere)."""
        return bool(POOL_INVITATION_TRANSITIONS[self.status])


class Hire(BaseModel):
    """A job or internship a micro-intern accepted from the organization. Counts in the
    organization's "hires from Stint" once the talent confirms it."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    talent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hires")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=16, choices=HireKind.choices, default=HireKind.JOB)
    role_title = models.CharField(max_length=150)
    status = models.CharField(max_length=16, choices=HireStatus.choices, default=HireStatus.PENDING)
    show_on_portfolio = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "talent", "role_title"], name="hire_unique_per_role"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in HireStatus]), name="hire_status_valid"
            ),
        ]

    @property
    def awaiting_answer(self) -> bool:
        """The talent has not confirmed or disputed it yet (the transition table still leads somewhere)."""
        return bool(HIRE_TRANSITIONS[self.status])


class Follow(BaseModel):
    """A user following an organization: notified when it publishes a project."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="follow_unique")]


class ProjectAnnouncement(BaseModel):
    """Marks a project whose followers were notified, so a replayed signal notifies once."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="+")
    followers_notified = models.PositiveIntegerField(default=0)
