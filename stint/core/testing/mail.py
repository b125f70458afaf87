"""An email backend for fault tests: one ``.eml`` file per message in a directory, and a way to
make sending hang so that a test can kill the process in the middle of it.

While ``<directory>/block-before`` exists, ``send_messages`` writes ``<directory>/sending`` and
waits before writing anything (the process dies before the email left); with ``block-after`` it
waits after writing the message (the email left, the process dies before it could record that).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FileDropBackend(BaseEmailBackend):
    def __init__(self, *, directory: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not directory:
            raise ValueError("FileDropBackend needs OPTIONS['directory']")
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _hold(self, marker: str) -> None:
        if not (self.directory / marker).exists():
            return
        (self.directory / "sending").write_text(str(os.getpid()))
        while (self.directory / marker).exists():
            time.sleep(0.05)

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        sent = 0
        for message in email_messages:
            self._hold("block-before")
            name = f"{time.time_ns()}-{uuid.uuid4().hex}"
            temporary = self.directory / f".{name}.tmp"
            temporary.write_bytes(message.message().as_bytes())
            temporary.rename(self.directory / f"{name}.eml")  # atomic: a reader never sees half a file
            sent += 1
            self._hold("block-after")
        return sent


def read_emails(directory: Path) -> list[Any]:
    """The messages written to ``directory``, oldest first, as ``email.message.Message`` objects."""
    from email import message_from_bytes, policy

    return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(directory.glob("*.eml"))]


class ProcessKilled(BaseException):
    """Raised to simulate the process dying on the spot: ``except Exception`` does not catch it, so
    no cleanup code runs (as with SIGKILL); the test catches it."""


class DyingLocmemBackend(LocmemBackend):
    """Django's test (locmem) backend that can "kill the process" once, ``before`` the message is
    handed over or ``after`` it (``DyingLocmemBackend.die = "before"``)."""

    die: str | None = None

    def send_messages(self, messages: Sequence[Any]) -> int:
        moment, DyingLocmemBackend.die = DyingLocmemBackend.die, None
        if moment == "before":
            raise ProcessKilled("killed before the email left")
        sent = super().send_messages(messages)
        if moment == "after":
            raise ProcessKilled("killed after the email left, before it was recorded")
        return sent
