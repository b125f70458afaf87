"""``manage.py import_rates [path]``: load comparison exchange rates from a CSV (docs/currencies.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from stint.currencies.services import rates_import_file


class Command(BaseCommand):
    help = "Import exchange rates (currency,per_usd,as_of,source) used to show approximate amounts. Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", default=str(settings.BASE_DIR / "data" / "rates.csv"))

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            result = rates_import_file(path)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        for error in result.errors:
            self.stderr.write(error)
        self.stdout.write(
            f"rates: {result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{len(result.errors)} skipped"
        )
        if result.errors and not (result.created or result.updated or result.unchanged):
            raise CommandError("no rate imported")
