from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from stint.core.errors import Conflict, ValidationFailed
from stint.organizations.tests.factories import OrganizationFactory
from stint.payments import ledger
from stint.payments.choices import AccountKind, TransactionKind
from stint.payments.invariants import ledger_violations
from stint.payments.models import AppendOnlyError, LedgerEntry, LedgerTransaction
from stint.payments.tests.factories import draft_project, engagement_for, funded_project

pytestmark = pytest.mark.django_db


def _accounts(org, project, cur="USD"):
    return (
        ledger.account_for(AccountKind.EXTERNAL_FUNDING, cur, organization=org),
        ledger.account_for(AccountKind.HELD, cur, project=project),
    )


def _fund(org, project, amount=1000):
    external, held = _accounts(org, project)
    return ledger.post_transaction(
        kind=TransactionKind.FUNDING, legs=[(external, -amount), (held, amount)], organization=org, project=project
    )


def test_a_balanced_transaction_is_written_and_balances_are_sums():
    org = OrganizationFactory()
    project = draft_project(org)
    txn = _fund(org, project, 1500)
    external, held = _accounts(org, project)
    assert txn.entries.count() == 2
    assert ledger.account_balance(held) == 1500
    assert ledger.account_balance(external) == -1500
    assert ledger_violations() == []


def test_an_unbalanced_transaction_is_refused_before_anything_is_written():
    org = OrganizationFactory()
    project = draft_project(org)
    external, held = _accounts(org, project)
    with pytest.raises(ledger.UnbalancedTransaction):
        ledger.post_transaction(kind=TransactionKind.FUNDING, legs=[(external, -1000), (held, 999)])
    with pytest.raises(TypeError):
        ledger.post_transaction(kind=TransactionKind.FUNDING, legs=[(external, -10.0), (held, 10.0)])  # type: ignore[list-item]  # the bad input under test
    assert LedgerEntry.objects.count() == 0
    assert LedgerTransaction.objects.count() == 0


def test_accounts_are_unique_per_kind_owner_and_currency_and_need_the_right_owner():
    org = OrganizationFactory()
    a = ledger.account_for(AccountKind.EXTERNAL_FUNDING, "USD", organization=org)
    assert ledger.account_for(AccountKind.EXTERNAL_FUNDING, "USD", organization=org) == a
    assert ledger.account_for(AccountKind.EXTERNAL_FUNDING, "EUR", organization=org) != a
    with pytest.raises(ValueError):
        ledger.account_for(AccountKind.HELD, "USD", organization=org)
    with pytest.raises(ValueError):
        ledger.account_for(AccountKind.PLATFORM_FEES, "USD", organization=org)


def test_held_funds_can_never_go_negative():
    org = OrganizationFactory()
    project = draft_project(org)
    _fund(org, project, 1000)
    external, held = _accounts(org, project)
    with pytest.raises(ledger.InsufficientFunds) as exc:
        ledger.post_transaction(kind=TransactionKind.REFUND, legs=[(held, -1001), (external, 1001)])
    assert exc.value.code == "insufficient_held_funds"
    assert ledger.account_balance(held) == 1000
    assert ledger_violations() == []


def test_the_orm_refuses_to_update_or_delete_entries_and_transactions():
    org = OrganizationFactory()
    project = draft_project(org)
    txn = _fund(org, project)
    entry = txn.entries.first()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount_minor=5)
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        entry.amount_minor = 5
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerTransaction.objects.filter(pk=txn.pk).update(description="changed")
    with pytest.raises(AppendOnlyError):
        txn.delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount_minor == -1000


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE payments_ledgerentry SET amount_minor = 1",
        "DELETE FROM payments_ledgerentry",
        "UPDATE payments_ledgertransaction SET description = 'x'",
        "DELETE FROM payments_ledgertransaction",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(sql):
    org = OrganizationFactory()
    project = draft_project(org)
    _fund(org, project)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert LedgerEntry.objects.count() == 2
    assert sorted(LedgerEntry.objects.values_list("amount_minor", flat=True)) == [-1000, 1000]


def test_a_duplicate_idempotency_key_is_a_conflict():
    org = OrganizationFactory()
    project = draft_project(org)
    external, held = _accounts(org, project)
    ledger.post_transaction(kind=TransactionKind.FUNDING, legs=[(external, -5), (held, 5)], idempotency_key="k1")
    with pytest.raises(Conflict) as exc:
        ledger.post_transaction(kind=TransactionKind.FUNDING, legs=[(external, -5), (held, 5)], idempotency_key="k1")
    assert exc.value.code == "ledger_duplicate"
    assert ledger.account_balance(held) == 5


def test_corrections_are_new_compensating_transactions_by_staff(personas):
    org = OrganizationFactory()
    project = draft_project(org)
    _fund(org, project, 700)
    external, held = _accounts(org, project)
    with pytest.raises(ValidationFailed):
        ledger.post_correction(legs=[(held, -700), (external, 700)], description="x", created_by=personas.talent)
    ledger.post_correction(
        legs=[(held, -700), (external, 700)], description="Charged by mistake", created_by=personas.staff
    )
    assert ledger.account_balance(held) == 0
    assert LedgerTransaction.objects.count() == 2
    assert ledger_violations() == []


def test_ledger_check_passes_on_a_sound_ledger(capsys):
    funded_project(OrganizationFactory())
    call_command("ledger_check")
    assert "ledger ok" in capsys.readouterr().out


def test_ledger_check_reports_an_unbalanced_transaction_and_exits_non_zero():
    org = OrganizationFactory()
    project = draft_project(org)
    _external, held = _accounts(org, project)
    # Bypass post_transaction to simulate a corrupt row written by a bug.
    txn = LedgerTransaction.objects.create(kind=TransactionKind.FUNDING, project=project)
    LedgerEntry.objects.create(transaction=txn, account=held, amount_minor=10, currency="USD")
    problems = ledger_violations()
    assert any("unbalanced" in p for p in problems)
    assert any("does not sum to zero" in p for p in problems)
    with pytest.raises(CommandError):
        call_command("ledger_check")


def test_ledger_check_reports_a_negative_held_balance():
    org = OrganizationFactory()
    project = draft_project(org)
    external, held = _accounts(org, project)
    txn = LedgerTransaction.objects.create(kind=TransactionKind.REFUND, project=project)
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(transaction=txn, account=held, amount_minor=-10, currency="USD"),
            LedgerEntry(transaction=txn, account=external, amount_minor=10, currency="USD"),
        ]
    )
    problems = ledger_violations()
    assert any("is negative" in p for p in problems)
    assert any("released + refunded" in p for p in problems)


def test_ledger_check_reports_an_approved_engagement_without_release():
    project = funded_project(OrganizationFactory())
    engagement = engagement_for(project, status="approved")
    assert any(str(engagement.pk) in p and "never released" in p for p in ledger_violations())


def test_ledger_check_reports_missing_append_only_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER payments_ledgerentry_no_update"
            + (" ON payments_ledgerentry" if connection.vendor == "postgresql" else "")
        )
    assert any("payments_ledgerentry_no_update is missing" in p for p in ledger_violations())
