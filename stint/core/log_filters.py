"""Logging filters used by ``LOGGING`` in ``config/settings.py``."""

from __future__ import annotations

import logging


class ExpectedRefusalFilter(logging.Filter):
    """Keep a refused request (a 4xx response: permission denied, not found, bad input) to one line.

    Django attaches the exception's traceback to "Forbidden (Permission denied): /path", which buries
    real errors in the log under refusals the app meant to give. 5xx records keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
