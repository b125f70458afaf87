from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stint.core.errors import ApplicationError
from stint.skills.services import skill_catalog_import


class Command(BaseCommand):
    help = (
        "Load Stint's skill categories and ESCO-backed skills from data/skills/ (categories.csv, "
        "stint_skills.csv). Idempotent: rows are matched by slug; running it twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, help="directory holding categories.csv and stint_skills.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = skill_catalog_import(data_dir=options.get("data_dir"))
        except ApplicationError as exc:
            details = "\n".join(f"  {e['field']}: {e['message']}" for e in exc.errors)
            raise CommandError(f"{exc.message}\n{details}".rstrip()) from exc
        self.stdout.write(self.style.SUCCESS(result.summary()))
