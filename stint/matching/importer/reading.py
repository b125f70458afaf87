"""Reading the JSON Lines file and the field readers every kind uses."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from stint.matching.importer.base import (
    BATCH,
    KINDS,
    ImportReport,
    RowError,
)

# --- Reading ---------------------------------------------------------------------------------------


def read_lines(lines: Iterable[str], report: ImportReport) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {k: [] for k in KINDS}
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            report.skip(number, f"not valid JSON: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            report.skip(number, "not a JSON object")
            continue
        kind = obj.get("kind")
        if kind not in KINDS:
            report.skip(number, f"unknown kind {kind!r} (expected organization, project or talent)")
            continue
        ext = obj.get("external_id")
        if not isinstance(ext, str | int) or not str(ext).strip() or len(str(ext)) > 100:
            report.skip(number, "external_id is required (a string of at most 100 characters)")
            continue
        obj["external_id"] = str(ext).strip()
        key = (kind, obj["external_id"])
        if key in seen:
            report.skip(number, f"duplicate {kind} external_id {obj['external_id']!r} (first on line {seen[key]})")
            continue
        seen[key] = number
        rows[kind].append((number, obj))
    return rows


def _chunks(rows: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _text(obj: dict[str, Any], key: str, max_len: int, required: bool = False) -> str:
    value = obj.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RowError(f"{key} must be a string")
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise RowError(f"{key} is required")
    if len(value) > max_len:
        raise RowError(f"{key} is longer than {max_len} characters")
    return value


def _int(obj: dict[str, Any], key: str, default: int | None = None) -> int:
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RowError(f"{key} must be an integer")
    return value


def _date(value: Any, key: str) -> datetime.date:
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise RowError(f"{key} must be a date (YYYY-MM-DD)")
    return parsed


def _datetime(value: Any, key: str) -> datetime.datetime:
    if not isinstance(value, str):
        raise RowError(f"{key} must be a date-time (ISO 8601)")
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise RowError(f"{key} must be a date-time (ISO 8601)")
        parsed = datetime.datetime.combine(day, datetime.time(23, 59))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed
