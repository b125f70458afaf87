from typing import Any

from django.core.management.base import BaseCommand

from stint.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load realistic demo data (idempotent: running it twice creates nothing twice)."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
