from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from stint.matching.importer import import_marketplace


class Command(BaseCommand):
    help = "Import organizations, projects and talent profiles from a JSON lines file (docs/import-format.md)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Path to the .jsonl file ('-' for standard input)")
        parser.add_argument("--no-reindex", action="store_true", help="Skip re-indexing the imported projects")
        parser.add_argument("--strict", action="store_true", help="Exit non-zero when any line was skipped")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        path = options["file"]
        try:
            if path == "-":
                import sys

                report = import_marketplace(sys.stdin, reindex=not options["no_reindex"])
            else:
                with open(path, encoding="utf-8") as handle:
                    report = import_marketplace(handle, reindex=not options["no_reindex"])
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        for line, reason in report.skipped:
            self.stderr.write(f"line {line}: skipped: {reason}")
        for kind in ("organization", "project", "talent"):
            self.stdout.write(
                f"{kind}: {report.created[kind]} created, {report.updated[kind]} updated"
                + (f", {report.unchanged[kind]} unchanged" if report.unchanged[kind] else "")
            )
        self.stdout.write(
            f"skipped lines: {len(report.skipped)}; indexed projects: {report.indexed}; "
            f"took {time.monotonic() - started:.1f}s"
        )
        if options["strict"] and report.skipped:
            raise CommandError(f"{len(report.skipped)} line(s) skipped")
