"""Demo step: the sample exchange rates of ``data/rates.csv`` (labelled as sample data), so that
the demo shows "≈" amounts and the rate filter compares currencies. Idempotent (the import upserts
one row per currency and day)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from stint.core.demo import STEPS
from stint.currencies.services import rates_import_file

logger = logging.getLogger(__name__)


def load_rates(users: dict[str, Any]) -> None:
    result = rates_import_file(settings.BASE_DIR / "data" / "rates.csv")
    for error in result.errors:
        logger.warning("demo rates: %s", error)


STEPS.append(load_rates)
