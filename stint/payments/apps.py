from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def install_sqlite_ledger_guard(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Register ``stint_ledger_purge_allowed()`` on a new SQLite connection for the append-only
    DELETE triggers: it is 1 only while Django's ``flush`` (test teardown) empties every table."""
    if connection.vendor != "sqlite":
        return
    state = getattr(connection, "_stint_ledger_guard", None)
    if state is None:
        state = {"purge": False}
        connection._stint_ledger_guard = state
        original = connection.ops.execute_sql_flush

        def execute_sql_flush(sql_list: Any) -> Any:
            state["purge"] = True
            try:
                return original(sql_list)
            finally:
                state["purge"] = False

        connection.ops.execute_sql_flush = execute_sql_flush
    connection.connection.create_function("stint_ledger_purge_allowed", 0, lambda: 1 if state["purge"] else 0)


class PaymentsConfig(AppConfig):
    name = "stint.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self) -> None:
        connection_created.connect(install_sqlite_ledger_guard, dispatch_uid="stint.payments.sqlite_ledger_guard")
        # local import: AppConfig.ready() runs once the app registry is ready (models are loaded only now)
        from stint.payments.selectors import project_funds_secured
        from stint.projects.schemas import set_funds_secured_source

        set_funds_secured_source(project_funds_secured)
