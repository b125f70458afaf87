from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stint.core.errors import ApplicationError
from stint.skills.services import skill_catalog_import
from stint.skills.vocabulary import vocabulary_import


class Command(BaseCommand):
    help = (
        "Load the whole skills vocabulary: the curated categories and skills (as import_skills), then "
        "every ESCO skill and occupation from data/skills/esco/. Idempotent; an unchanged ESCO file "
        "is skipped unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, help="directory holding categories.csv, stint_skills.csv, esco/")
        parser.add_argument("--force", action="store_true", help="re-check every row even if the files are unchanged")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            curated = skill_catalog_import(data_dir=options.get("data_dir"))
            result = vocabulary_import(data_dir=options.get("data_dir"), force=options["force"])
        except ApplicationError as exc:
            details = "\n".join(f"  {e['field']}: {e['message']}" for e in exc.errors)
            raise CommandError(f"{exc.message}\n{details}".rstrip()) from exc
        self.stdout.write(self.style.SUCCESS(curated.summary()))
        self.stdout.write(self.style.SUCCESS(f"{result.summary()} ({time.perf_counter() - started:.1f} s)"))
