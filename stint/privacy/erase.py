"""Account deletion: the person's data is removed, the records others rely on are kept with the
person anonymised (docs/privacy.md has the table-by-table decisions). The ledger is never touched:
its accounts and transactions keep pointing at the same, now anonymous, user row, so every balance
and ``ledger_check`` stay as they were.

Refused, with nothing changed, while the person has open work, money held for them, an organization
that would lose its last owner, or cohorts they run (``account_delete_refusal``)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from stint.accounts.models import User
from stint.advisors.models import Cohort
from stint.core.audit import audit_log
from stint.core.errors import Conflict, ValidationFailed
from stint.engagements.choices import OPEN_STATUSES, EngagementStatus
from stint.engagements.models import Engagement
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership
from stint.payments.selectors import balance_for_user
from stint.privacy import erase_steps

DELETED_DOMAIN = "deleted.invalid"


def account_delete_refusal(*, user: Any) -> Conflict | None:
    """Why ``user`` may not delete their account now (a ``Conflict`` with a stable code), or None."""
    unsettled = Q(status=EngagementStatus.CANCELLED, settle_after__isnull=False, settled_at__isnull=True)
    open_ = Q(status__in=(*OPEN_STATUSES, EngagementStatus.APPROVED)) | unsettled
    if Engagement.objects.filter(open_, talent=user).exists():
        return Conflict(
            _("Finish or settle your open engagements first: the company and the ledger still need you on them."),
            code="account_delete_open_engagement",
        )
    if any(row["available_minor"] or row["pending_minor"] for row in balance_for_user(user)):
        return Conflict(
            _("Money is still held for you: withdraw your balance (and wait for payouts in transit) first."),
            code="account_delete_money_held",
        )
    owned = Membership.objects.filter(user=user, role=MemberRole.OWNER).values("organization")
    alone = (
        Membership.objects.filter(organization__in=owned, role=MemberRole.OWNER)
        .values("organization")
        .annotate(owners=Count("pk"))
        .filter(owners=1)
    )
    if alone.exists():
        return Conflict(
            _("You are the only owner of an organization: make another member owner first."),
            code="account_delete_last_owner",
        )
    if Cohort.objects.filter(owner=user).exists():
        return Conflict(
            _("You run cohorts: hand them to another advisor or delete them first."), code="account_delete_cohorts"
        )
    return None


def identifiers(user: Any) -> list[str]:
    """The strings that name the person in free text (their email address and full name)."""
    out = [user.email]
    if user.name and len(user.name.strip()) >= 3:
        out.append(user.name.strip())
    return out


def identifier_pattern(values: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in values), re.IGNORECASE)


def account_delete(*, user: Any, password: str | None, check_password: bool = True) -> None:
    """Delete ``user``'s personal data and anonymise their account (irreversible).

    Preconditions: the password is right (``password_incorrect``; the API and the page both ask for
    it) and ``account_delete_refusal`` finds nothing. Locks the user row for the duration; files
    (résumé, export zips) are deleted after the commit, so a rollback keeps them. Writes
    ``account.deleted``; the person's sessions and API tokens stop working at once."""
    if check_password and not user.check_password(password or ""):
        raise ValidationFailed(
            _("Your password is not right."),
            code="password_incorrect",
            errors=[{"field": "password", "message": _("Enter your current password.")}],
        )
    names = identifiers(user)
    pattern = identifier_pattern(names)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        refusal = account_delete_refusal(user=user)  # under the lock: nothing starts meanwhile
        if refusal is not None:
            raise refusal
        files = erase_steps.collect_files(user)
        erase_steps.delete_owned_rows(user)
        erase_steps.blank_own_writing(user)
        erase_steps.scrub_kept_rows(user, pattern)
        erase_steps.scrub_mentions(names, pattern)
        erase_steps.anonymise_user(user, email=f"deleted-{uuid.uuid4().hex}@{DELETED_DOMAIN}")
        audit_log(None, "account.deleted", user)
        transaction.on_commit(lambda: erase_steps.delete_files(files), robust=True)
