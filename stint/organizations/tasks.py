"""Background jobs of the organizations app."""

from __future__ import annotations

from stint.core.taskqueue import stint_task


@stint_task
def send_invitation_email(invitation_id: str) -> bool:
    """Email an invitation link. Safe to run twice: the invitation is claimed on ``emailed_at``."""
    from stint.organizations.services import invitation_send_email

    return invitation_send_email(invitation_id=invitation_id)
