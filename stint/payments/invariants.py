"""``ledger_violations()``: every invariant of the ledger, checked from the rows (``manage.py ledger_check``).

1. every transaction has entries that sum to zero per currency, in its accounts' currencies;
2. the whole ledger sums to zero per currency;
3. no account of a non-negative kind (held, talent balance, fees, in transit) is below zero;
4. per project: released + refunded ≤ funded (money leaves held funds only after it came in);
5. a release exists exactly for the engagements that are approved or paid (a dispute split also
   settles an approved/paid engagement); at most one settlement per engagement;
6. the append-only triggers are installed.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Count, F, Q, Sum

from stint.engagements.choices import APPROVED_STATUSES
from stint.engagements.models import Engagement
from stint.payments.choices import NON_NEGATIVE_KINDS, SETTLEMENT_KINDS, AccountKind, TransactionKind
from stint.payments.models import LedgerAccount, LedgerEntry, LedgerTransaction

APPEND_ONLY_TRIGGERS = (
    "payments_ledgerentry_no_update",
    "payments_ledgerentry_no_delete",
    "payments_ledgertransaction_no_update",
    "payments_ledgertransaction_no_delete",
)


def installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            return set(APPEND_ONLY_TRIGGERS)
        return {row[0] for row in cursor.fetchall()}


def ledger_violations() -> list[str]:
    """Every violated invariant as a sentence; an empty list means the ledger is sound."""
    problems: list[str] = []

    # 1. Balanced transactions, entries in their account's currency.
    unbalanced = (
        LedgerEntry.objects.values("transaction_id", "currency").annotate(total=Sum("amount_minor")).exclude(total=0)
    )
    for row in unbalanced:
        problems.append(
            f"transaction {row['transaction_id']} is unbalanced in {row['currency']}: sums to {row['total']}"
        )
    for txn_id in LedgerTransaction.objects.annotate(n=Count("entries")).filter(n=0).values_list("pk", flat=True):
        problems.append(f"transaction {txn_id} has no entries")
    for entry_id in LedgerEntry.objects.exclude(currency=F("account__currency")).values_list("pk", flat=True):
        problems.append(f"entry {entry_id} is not in its account's currency")

    # 2. The whole ledger sums to zero per currency.
    for cur, total in LedgerEntry.objects.values_list("currency").annotate(total=Sum("amount_minor")).exclude(total=0):
        problems.append(f"the ledger does not sum to zero in {cur}: {total}")

    # 3. No forbidden negative balance.
    negative = (
        LedgerAccount.objects.filter(kind__in=[k.value for k in NON_NEGATIVE_KINDS])
        .annotate(balance=Sum("entries__amount_minor"))
        .filter(balance__lt=0)
    )
    for account in negative:
        problems.append(f"account {account} is negative: {account.balance}")

    # 4. Per project, money out of held funds never exceeds money in.
    held = (
        LedgerEntry.objects.filter(account__kind=AccountKind.HELD)
        .values("account__project_id", "currency")
        .annotate(
            funded=Sum("amount_minor", filter=Q(amount_minor__gt=0)),
            out=Sum("amount_minor", filter=Q(amount_minor__lt=0)),
        )
    )
    for project_id, cur, funded_sum, out_sum in held.values_list("account__project_id", "currency", "funded", "out"):
        funded, out = int(funded_sum or 0), -int(out_sum or 0)
        if out > funded:
            problems.append(f"project {project_id} released + refunded {out} > funded {funded} {cur}")
    odd_credits = LedgerEntry.objects.filter(account__kind=AccountKind.HELD, amount_minor__gt=0).exclude(
        transaction__kind__in=[TransactionKind.FUNDING, TransactionKind.CORRECTION]
    )
    for entry in odd_credits.values("transaction_id", "transaction__kind"):
        problems.append(f"transaction {entry['transaction_id']} ({entry['transaction__kind']}) credits held funds")

    # 5. Releases match approved/paid engagements.
    problems.extend(_engagement_violations())

    # 6. Append-only triggers.
    missing = set(APPEND_ONLY_TRIGGERS) - installed_triggers()
    for name in sorted(missing):
        problems.append(f"append-only trigger {name} is missing (re-run migrations or payments 0002's SQL)")
    return problems


def _engagement_violations() -> list[str]:
    engagement_model = Engagement
    problems = []
    settlements: dict[str, list[str]] = defaultdict(list)
    for settled_id, kind in LedgerTransaction.objects.filter(
        kind__in=SETTLEMENT_KINDS, engagement__isnull=False
    ).values_list("engagement_id", "kind"):
        settlements[str(settled_id)].append(kind)
    for settled_key, settled_kinds in settlements.items():
        if len(settled_kinds) > 1:
            problems.append(f"engagement {settled_key} is settled {len(settled_kinds)} times: {settled_kinds}")
    statuses = dict(
        engagement_model.objects.filter(Q(status__in=APPROVED_STATUSES) | Q(pk__in=list(settlements))).values_list(
            "pk", "status"
        )
    )
    for eng_id, status in statuses.items():
        kinds = settlements.get(str(eng_id), [])
        if status in APPROVED_STATUSES and not (
            TransactionKind.RELEASE in kinds or TransactionKind.DISPUTE_SPLIT in kinds
        ):
            problems.append(f"engagement {eng_id} is {status} but its fee was never released")
        if TransactionKind.RELEASE in kinds and status not in APPROVED_STATUSES:
            problems.append(f"engagement {eng_id} has a release but is {status}")
    for txn_id in LedgerTransaction.objects.filter(kind__in=SETTLEMENT_KINDS, engagement__isnull=True).values_list(
        "pk", flat=True
    ):
        problems.append(f"settlement transaction {txn_id} has no engagement")
    return problems
