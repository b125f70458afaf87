from typing import Any

from django.core.management.base import BaseCommand

from stint.demo.loader import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in DEMO_USERS:
            self.stdout.write(f"  {login.role:<8} {login.email:<32} {login.name}")
