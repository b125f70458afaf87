"""Connect the credentials app to the approval of engagements without touching the approval code.

Approval claims its transition with a conditional ``.update()``, which sends no ``post_save``; it
does write audit events through ``core.audit.audit_log`` (a ``create``, which does). So a credential
is issued after the commit of an ``engagement.paid`` event (and of a dispute resolved with a share for
the talent), and revoked when an engagement leaves the approved states through ``save()``. A
``post_save`` on ``Engagement`` covers writers that save the model. Anything missed (a failure after
commit) is repaired by the periodic ``credentials.sweep`` task and ``manage.py credentials_sweep``.
Once ``stint.flows`` owns approval, it calls ``credential_issue_for_engagement`` directly.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from stint.core.models import AuditEvent
from stint.credentials.services import credential_issue_for_engagement, credential_revoke_for_engagement
from stint.engagements.choices import APPROVED_STATUSES
from stint.engagements.models import Engagement

logger = logging.getLogger(__name__)

ISSUE_CODES = ("engagement.paid", "engagement.approved", "engagement.dispute_resolved")
REVOKE_CODES = ("engagement.refunded", "engagement.approval_reversed", "engagement.reversed")


def _issue_later(engagement_id: Any) -> None:
    def run() -> None:
        engagement = Engagement.objects.filter(pk=engagement_id).first()
        if engagement is not None:
            credential_issue_for_engagement(engagement=engagement)

    transaction.on_commit(run, robust=True)


def _revoke_later(engagement_id: Any, reason: str) -> None:
    def run() -> None:
        # Decided on the committed state: the engagement may have been approved since the save.
        engagement = Engagement.objects.filter(pk=engagement_id).first()
        if engagement is not None and engagement.status not in APPROVED_STATUSES:
            credential_revoke_for_engagement(engagement=engagement, reason=reason)

    transaction.on_commit(run, robust=True)


def audit_event_saved(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if raw or not created or instance.target_type != "engagements.engagement":
        return
    if instance.code in ISSUE_CODES:
        _issue_later(instance.target_id)
    elif instance.code in REVOKE_CODES:
        _revoke_later(instance.target_id, "The approval of the work was reversed.")


def engagement_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    if instance.status in APPROVED_STATUSES:
        _issue_later(instance.pk)
    else:
        _revoke_later(instance.pk, "The approval of the work was reversed.")


def connect() -> None:
    post_save.connect(audit_event_saved, sender=AuditEvent, dispatch_uid="credentials.audit_event_saved")
    post_save.connect(engagement_saved, sender=Engagement, dispatch_uid="credentials.engagement_saved")
