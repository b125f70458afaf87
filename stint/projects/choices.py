from django.db import models


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING_REVIEW = "pending_review", "Waiting for review"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProjectStatus.DRAFT: (ProjectStatus.PENDING_REVIEW, ProjectStatus.OPEN, ProjectStatus.CANCELLED),
    ProjectStatus.PENDING_REVIEW: (ProjectStatus.OPEN, ProjectStatus.DRAFT, ProjectStatus.CANCELLED),
    ProjectStatus.OPEN: (ProjectStatus.CLOSED, ProjectStatus.CANCELLED),
    ProjectStatus.CLOSED: (),
    ProjectStatus.CANCELLED: (),
}


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public: listed and searchable"
    UNLISTED = "unlisted", "Unlisted: only people with the secret link"
    INVITE_ONLY = "invite_only", "Invite only: talent you invite"


MIN_HOURS = 5
MAX_HOURS = 40
MIN_DURATION_DAYS = 3
MAX_DURATION_DAYS = 56
