from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Issue the missing credentials of approved engagements and revoke those whose approval was reversed."

    def handle(self, *args: Any, **options: Any) -> None:
        from stint.credentials.services import credentials_sweep

        result = credentials_sweep()
        self.stdout.write(f"issued {result['issued']}, revoked {result['revoked']}")
