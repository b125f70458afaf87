"""Writes on applications. Every status change is one service: a conditional update that claims the
transition (so two concurrent requests cannot both succeed), an audit event and notifications.

Notifications are created inside the same transaction as the state change, so a user is told about
a change only if it commits; ``notify`` itself sends any email on commit.

A package by subdomain (ARCHITECTURE rule 9): ``base`` (limits, notifications, locks, the claim),
``submitting``, ``company`` (answers and offers), ``talent`` (withdraw, decline, accept) and
``system`` (expiry, closing). Import from ``stint.applications.services`` as before.
"""

from __future__ import annotations

from stint.applications.services.base import (
    MAX_ANSWER_CHARS,
    MAX_COVER_LETTER_CHARS,
    MAX_LINKS,
    MAX_REASON_CHARS,
    application_url,
)
from stint.applications.services.company import (
    application_check_company,
    application_offer,
    application_reject,
    application_score,
    application_shortlist,
    openings_taken,
)
from stint.applications.services.submitting import (
    application_submit,
    normalise_letter,
)
from stint.applications.services.system import (
    applications_close_for_project,
    applications_expire_unanswered,
)
from stint.applications.services.talent import (
    application_decline,
    application_lock_for_accept,
    application_mark_hired,
    application_withdraw,
)

__all__ = [
    "MAX_ANSWER_CHARS",
    "MAX_COVER_LETTER_CHARS",
    "MAX_LINKS",
    "MAX_REASON_CHARS",
    "application_check_company",
    "application_decline",
    "application_lock_for_accept",
    "application_mark_hired",
    "application_offer",
    "application_reject",
    "application_score",
    "application_shortlist",
    "application_submit",
    "application_url",
    "application_withdraw",
    "applications_close_for_project",
    "applications_expire_unanswered",
    "normalise_letter",
    "openings_taken",
]
