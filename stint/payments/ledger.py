"""The only writer of ledger rows.

``post_transaction`` writes one balanced transaction: it checks that the legs sum to zero per
currency, locks the touched accounts (``SELECT … FOR UPDATE`` in primary-key order on PostgreSQL;
SQLite's IMMEDIATE transactions already serialise writers), refuses to take an account of a
non-negative kind below zero, and inserts the transaction and its entries. Balances are sums of
entries; nothing is ever updated. A mistake is corrected by a new compensating transaction
(``post_correction``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils.translation import gettext, gettext_lazy

from stint.core.errors import ApplicationError, Conflict, ValidationFailed
from stint.core.money import Money
from stint.payments.choices import NON_NEGATIVE_KINDS, AccountKind, TransactionKind
from stint.payments.models import LedgerAccount, LedgerEntry, LedgerTransaction

Leg = tuple[LedgerAccount, int]


class UnbalancedTransaction(ValueError):
    """A programming error: the legs of a transaction do not sum to zero."""


class InsufficientFunds(ApplicationError):
    code = "insufficient_funds"
    status = 409
    title = cast(str, gettext_lazy("Not enough money in the account"))  # translated when rendered


def owner_key(*, organization: Any = None, project: Any = None, user: Any = None) -> str:
    if project is not None:
        return f"project:{project.pk}"
    if organization is not None:
        return f"org:{organization.pk}"
    if user is not None:
        return f"user:{user.pk}"
    return "platform"


_OWNER_OF_KIND = {
    AccountKind.EXTERNAL_FUNDING: "organization",
    AccountKind.REFUNDS_IN_TRANSIT: "organization",
    AccountKind.HELD: "project",
    AccountKind.TALENT_BALANCE: "user",
    AccountKind.PAYOUTS_IN_TRANSIT: "user",
    AccountKind.PAYOUTS_EXTERNAL: "user",
    AccountKind.PLATFORM_FEES: "platform",
}


def account_for(
    kind: str, currency: str, *, organization: Any = None, project: Any = None, user: Any = None
) -> LedgerAccount:
    """The account of ``kind`` for its owner in ``currency``, created on first use (race-safe)."""
    expected = _OWNER_OF_KIND[AccountKind(kind)]
    given = {"organization": organization, "project": project, "user": user}
    owners = {name for name, value in given.items() if value is not None}
    if (expected == "platform" and owners) or (expected != "platform" and owners != {expected}):
        raise ValueError(f"account kind {kind} is owned by {expected}, got {sorted(owners) or 'nothing'}")
    key = owner_key(**given)
    account, _ = LedgerAccount.objects.get_or_create(kind=kind, owner_key=key, currency=currency, defaults=given)
    return account


def account_balance(account: LedgerAccount) -> int:
    """The balance of ``account`` in minor units: the sum of its entries."""
    total = LedgerEntry.objects.filter(account=account).aggregate(total=Sum("amount_minor"))["total"]
    return int(total or 0)


def balances(accounts: Iterable[LedgerAccount]) -> dict[Any, int]:
    ids = [a.pk for a in accounts]
    rows = LedgerEntry.objects.filter(account_id__in=ids).values("account_id").annotate(total=Sum("amount_minor"))
    result = dict.fromkeys(ids, 0)
    result.update({row["account_id"]: int(row["total"] or 0) for row in rows})
    return result


def lock_accounts(accounts: Iterable[LedgerAccount]) -> None:
    """Lock the account rows until the end of the surrounding transaction, in one global order
    (primary key) so that two writers never wait for each other in a cycle. Must be called inside
    ``transaction.atomic``. On SQLite this is a no-op: the IMMEDIATE transaction holds the
    database's write lock from its first statement."""
    if not connection.in_atomic_block:
        raise RuntimeError("lock_accounts must run inside transaction.atomic()")
    ids = sorted({a.pk for a in accounts}, key=str)
    if connection.features.has_select_for_update and ids:
        list(LedgerAccount.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def _check_balanced(legs: Sequence[Leg]) -> None:
    sums: dict[str, int] = defaultdict(int)
    for account, amount in legs:
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise TypeError("ledger amounts are ints of minor units")
        if amount == 0:
            raise UnbalancedTransaction("a ledger entry cannot be zero")
        sums[account.currency] += amount
    bad = {cur: total for cur, total in sums.items() if total != 0}
    if bad:
        raise UnbalancedTransaction(f"entries do not sum to zero: {bad}")


def post_transaction(
    *,
    kind: str,
    legs: Sequence[Leg],
    description: str = "",
    idempotency_key: str | None = None,
    organization: Any = None,
    project: Any = None,
    engagement: Any = None,
    user: Any = None,
    created_by: Any = None,
    data: dict[str, Any] | None = None,
) -> LedgerTransaction:
    """Write one balanced transaction and return it.

    Preconditions: ``legs`` (account, signed amount) sum to zero per currency, no amount is zero.
    Locks: the accounts of the legs (see ``lock_accounts``) for the rest of the surrounding
    transaction. Raises ``InsufficientFunds`` (409) when an account of a non-negative kind would
    go below zero, ``Conflict`` (``ledger_duplicate``) when the idempotency key or the one-settlement-
    per-engagement constraint is already taken.
    """
    legs = [(account, amount) for account, amount in legs if amount != 0]
    if not legs:
        raise UnbalancedTransaction("a transaction needs entries")
    _check_balanced(legs)
    with transaction.atomic():
        accounts = {account.pk: account for account, _ in legs}
        lock_accounts(accounts.values())
        delta: dict[Any, int] = defaultdict(int)
        for account, amount in legs:
            delta[account.pk] += amount
        guarded = [accounts[pk] for pk, d in delta.items() if d < 0 and accounts[pk].kind in NON_NEGATIVE_KINDS]
        if guarded:
            current = balances(guarded)
            for account in guarded:
                if current[account.pk] + delta[account.pk] < 0:
                    code = {
                        AccountKind.TALENT_BALANCE: "insufficient_balance",
                        AccountKind.HELD: "insufficient_held_funds",
                    }.get(AccountKind(account.kind), "insufficient_funds")
                    raise InsufficientFunds(
                        gettext("%(account)s has %(available)s; %(needed)s were needed.")
                        % {
                            "account": account.get_kind_display(),
                            "available": Money(current[account.pk], account.currency),
                            "needed": Money(-delta[account.pk], account.currency),
                        },
                        code=code,
                    )
        try:
            with transaction.atomic():
                txn = LedgerTransaction.objects.create(
                    kind=kind,
                    description=description[:300],
                    idempotency_key=idempotency_key,
                    organization=organization,
                    project=project,
                    engagement=engagement,
                    user=user,
                    created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
                    data=data or {},
                )
                LedgerEntry.objects.bulk_create(
                    [
                        LedgerEntry(transaction=txn, account=account, amount_minor=amount, currency=account.currency)
                        for account, amount in legs
                    ]
                )
        except IntegrityError as exc:
            raise Conflict(
                gettext("This money movement was already recorded."), code="ledger_duplicate", extra={"kind": kind}
            ) from exc
    return txn


def post_correction(
    *, legs: Sequence[Leg], description: str, created_by: Any, idempotency_key: str | None = None, **links: Any
) -> LedgerTransaction:
    """A compensating transaction written by staff (the only way to fix a mistake)."""
    if not getattr(created_by, "is_staff", False):
        raise ValidationFailed(gettext("Only staff can post corrections."), code="staff_only", status=403)
    if not description.strip():
        raise ValidationFailed(gettext("A correction needs a description."), code="description_required")
    return post_transaction(
        kind=TransactionKind.CORRECTION,
        legs=legs,
        description=description,
        idempotency_key=idempotency_key,
        created_by=created_by,
        **links,
    )
