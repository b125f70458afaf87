"""Writes on engagements: the lifecycle (docs/engagements.md).

Every status change is one service that claims its transition with a conditional update
(``filter(pk=…, status=old).update(status=new)``) and checks the count, so two concurrent requests
(a click racing the auto-release, an approval racing a cancellation or a dispute) cannot both
succeed. Money never moves here: the services call ``stint.payments.services`` (release,
cancellation settlement, dispute split) inside the same transaction as the status change, so the
status and the ledger commit together or not at all. Notifications are created in the transaction
(``notify`` sends email on commit).

A package by subdomain (ARCHITECTURE rule 9): ``base`` (settings, notifications, the claim and the
checks every service shares), ``work`` (hire, milestones, time, submissions, changes, approval),
``ending`` (cancellation, settlement, offering the next applicant, disputes) and ``reviews`` (scope
guard, reviews). Import from ``stint.engagements.services`` as before.
"""

from __future__ import annotations

from stint.engagements.services.base import (
    MAX_LINKS,
    MAX_TEXT_CHARS,
    REVIEW_BLIND_DAYS,
    cancellation_contest_days,
    engagement_url,
    max_change_rounds,
    review_window_days,
)
from stint.engagements.services.ending import (
    engagement_cancel,
    engagement_check_offer_next,
    engagement_dispute_open,
    engagement_mark_resolved,
    engagement_mark_settled,
    engagement_record_resolution,
    engagement_record_settlement,
)
from stint.engagements.services.reviews import (
    engagement_overrun_acknowledge,
    review_create,
    review_visible,
)
from stint.engagements.services.work import (
    engagement_create_for_hire,
    engagement_mark_approved,
    engagement_mark_paid,
    engagement_request_changes,
    milestone_complete,
    milestone_create,
    minutes_from_hours,
    submission_create,
    time_entry_delete,
    time_entry_log,
)

__all__ = [
    "MAX_LINKS",
    "MAX_TEXT_CHARS",
    "REVIEW_BLIND_DAYS",
    "cancellation_contest_days",
    "engagement_cancel",
    "engagement_check_offer_next",
    "engagement_create_for_hire",
    "engagement_dispute_open",
    "engagement_mark_approved",
    "engagement_mark_paid",
    "engagement_mark_resolved",
    "engagement_mark_settled",
    "engagement_overrun_acknowledge",
    "engagement_record_resolution",
    "engagement_record_settlement",
    "engagement_request_changes",
    "engagement_url",
    "max_change_rounds",
    "milestone_complete",
    "milestone_create",
    "minutes_from_hours",
    "review_create",
    "review_visible",
    "review_window_days",
    "submission_create",
    "time_entry_delete",
    "time_entry_log",
]
