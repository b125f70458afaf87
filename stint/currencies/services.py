"""Writing the rates table: staff edit rows in the admin, or import a CSV (``manage.py import_rates``)."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from stint.core.money import SUPPORTED_CURRENCIES
from stint.currencies.models import MICRO, ExchangeRate
from stint.currencies.selectors import forget_rates

CSV_COLUMNS = ("currency", "per_usd", "as_of", "source")


@dataclasses.dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)


def _per_usd_micro(text: str) -> int:
    value = Decimal(text.strip())
    if not value.is_finite() or value <= 0:
        raise ValueError("per_usd must be a positive number")
    return int((value * MICRO).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rates_import(rows: Iterable[dict[str, str]]) -> ImportResult:
    """Upsert one rate per (currency, as_of) from dict rows with the ``CSV_COLUMNS``. Idempotent:
    importing the same file twice changes nothing the second time. A bad row is reported (with its
    line number) and skipped; the good rows are written in one transaction. Unsupported currencies
    are refused (a rate for a currency Stint does not offer would never be used)."""
    result = ImportResult()
    parsed: list[tuple[str, int, datetime.date, str]] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            currency = (row.get("currency") or "").strip().upper()
            if currency not in SUPPORTED_CURRENCIES:
                raise ValueError(f"unsupported currency {currency!r}")
            micro = _per_usd_micro(row.get("per_usd") or "")
            as_of = datetime.date.fromisoformat((row.get("as_of") or "").strip())
        except (ValueError, InvalidOperation, TypeError) as exc:
            result.errors.append(f"line {line}: {exc}")
            continue
        parsed.append((currency, micro, as_of, (row.get("source") or "").strip()[:200]))
    with transaction.atomic():
        for currency, micro, as_of, source in parsed:
            existing = ExchangeRate.objects.filter(currency=currency, as_of=as_of).first()
            if existing is None:
                ExchangeRate.objects.create(currency=currency, per_usd_micro=micro, as_of=as_of, source=source)
                result.created += 1
            elif (existing.per_usd_micro, existing.source) != (micro, source):
                ExchangeRate.objects.filter(pk=existing.pk).update(per_usd_micro=micro, source=source)
                result.updated += 1
            else:
                result.unchanged += 1
        transaction.on_commit(forget_rates)
    forget_rates()
    return result


def rates_import_csv(text: str) -> ImportResult:
    reader = csv.DictReader(io.StringIO(text), skipinitialspace=True)
    missing = [c for c in ("currency", "per_usd", "as_of") if c not in (reader.fieldnames or [])]
    if missing:
        return ImportResult(errors=[f"line 1: missing column(s) {', '.join(missing)}"])
    # Lines starting with "#" are comments (the sample file says what it is).
    return rates_import(row for row in reader if not (row.get("currency") or "").lstrip().startswith("#"))


def rates_import_file(path: str | Path) -> ImportResult:
    return rates_import_csv(Path(path).read_text(encoding="utf-8"))
