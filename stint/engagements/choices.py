from django.db import models


class EngagementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUBMITTED = "submitted", "Submitted for approval"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"
    DISPUTED = "disputed", "Disputed"


# Only the hire transition exists so far; the engagements issue adds the rest.
ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    EngagementStatus.ACTIVE: (),
}
