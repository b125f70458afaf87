"""Settings for the subprocesses of fault tests: the project's settings, with email written to
files a test can read (``STINT_FAULT_MAIL_DIR``) through ``stint.core.testing.mail``."""

from __future__ import annotations

from config import env
from config.settings import *  # noqa: F403

_MAIL_DIR = env.string("STINT_FAULT_MAIL_DIR", "")
if _MAIL_DIR:
    MAILERS = {"default": {"BACKEND": "stint.core.testing.mail.FileDropBackend", "OPTIONS": {"directory": _MAIL_DIR}}}
