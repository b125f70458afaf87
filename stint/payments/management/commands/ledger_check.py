from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from stint.payments.invariants import ledger_violations


class Command(BaseCommand):
    help = "Verify every ledger invariant; print the violations and exit non-zero if there are any."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = ledger_violations()
        if problems:
            for problem in problems:
                self.stderr.write(f"VIOLATION: {problem}")
            raise CommandError(f"{len(problems)} ledger violation(s)")
        self.stdout.write(self.style.SUCCESS("ledger ok: every invariant holds"))
