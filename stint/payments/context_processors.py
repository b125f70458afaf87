from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from stint.payments.providers import is_test_mode


def payments(request: HttpRequest) -> dict[str, Any]:
    """``SITE_TEST_MODE``: payments are simulated by the built-in test provider (base.html says so)."""
    return {"SITE_TEST_MODE": is_test_mode()}
