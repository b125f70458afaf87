"""Make the ledger append-only in the database itself: UPDATE and DELETE of ledger entries and
transactions are refused by triggers (SQLite and PostgreSQL).

SQLite: DELETE is allowed only while Django's own ``flush`` runs (test teardown), which the
``stint_ledger_purge_allowed()`` SQL function reports (registered on each connection by
``PaymentsConfig``); anywhere else, including the sqlite3 shell, the trigger refuses.
PostgreSQL: ``TRUNCATE`` (used by ``flush``) fires no row trigger, every UPDATE/DELETE raises.

Altering these tables on SQLite rebuilds them and drops the triggers: ``ledger_check`` reports
missing triggers; re-create them with the SQL below.
"""

from django.db import migrations

TABLES = ("payments_ledgerentry", "payments_ledgertransaction")

SQLITE_CREATE = []
for _table in TABLES:
    SQLITE_CREATE.append(
        f"CREATE TRIGGER IF NOT EXISTS {_table}_no_update BEFORE UPDATE ON {_table} "
        f"BEGIN SELECT RAISE(ABORT, 'append-only: {_table} rows cannot be updated'); END;"
    )
    SQLITE_CREATE.append(
        f"CREATE TRIGGER IF NOT EXISTS {_table}_no_delete BEFORE DELETE ON {_table} "
        f"WHEN stint_ledger_purge_allowed() = 0 "
        f"BEGIN SELECT RAISE(ABORT, 'append-only: {_table} rows cannot be deleted'); END;"
    )

PG_CREATE = [
    """
    CREATE OR REPLACE FUNCTION payments_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'append-only: % of % rows is refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END;
    $$;
    """
]
for _table in TABLES:
    for _op in ("update", "delete"):
        PG_CREATE.append(
            f"CREATE TRIGGER {_table}_no_{_op} BEFORE {_op.upper()} ON {_table} "
            f"FOR EACH ROW EXECUTE FUNCTION payments_ledger_append_only();"
        )

DROP = [f"DROP TRIGGER IF EXISTS {_table}_no_{_op}" for _table in TABLES for _op in ("update", "delete")]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_CREATE
    elif vendor == "postgresql":
        statements = PG_CREATE
    else:
        return
    for sql in statements:
        schema_editor.execute(sql, params=None)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in DROP:
        table = next(t for t in TABLES if t in sql)
        schema_editor.execute(sql + (f" ON {table}" if vendor == "postgresql" else ""))
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS payments_ledger_append_only()")


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
