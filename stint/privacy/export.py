"""Build the zip of a person's data: one JSON file per table of ``catalogue.EXPORT`` (a list of
rows, each the row's columns minus the excluded ones), the résumé file as uploaded, and a README."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import PurePosixPath
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from stint.privacy.catalogue import EXPORT, Table

README = """Your data from Stint
====================

Exported {when}. Each .json file holds the rows of one kind of record about you, as stored:
ids are the records' identifiers, times are UTC, money is in minor units (cents) with its currency.
files/ holds the résumé you uploaded. What each file means and what is not included (and why):
see the "Your data" page of the documentation (docs/privacy.md).
"""


def row_dict(table: Table, row: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in row._meta.concrete_fields:
        if f.name in table.exclude:
            continue
        value = getattr(row, f.attname)
        if isinstance(f, models.FileField):
            value = PurePosixPath(value.name).name if value else ""
        out[f.attname] = value
    return out


def table_rows(table: Table, user: Any) -> list[dict[str, Any]]:
    return [row_dict(table, row) for row in table.rows(user)]


def export_documents(user: Any) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows about ``user``: ``{file name: rows}`` (tables without rows included, empty)."""
    return {table.name: table_rows(table, user) for table in EXPORT}


def build_zip(user: Any) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(when=timezone.now().isoformat(timespec="seconds")))
        for name, rows in export_documents(user).items():
            archive.writestr(f"{name}.json", json.dumps(rows, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False))
        profile = getattr(user, "talent_profile", None)
        if profile is not None and profile.resume:
            with profile.resume.open("rb") as handle:
                archive.writestr(f"files/{PurePosixPath(profile.resume.name).name}", handle.read())
    return buffer.getvalue()
