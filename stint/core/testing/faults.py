"""Helpers for fault tests that run real background processes (``stint_worker``) beside the test.

* ``shared_database(tmp_path)`` gives a subprocess the test's database: on PostgreSQL the test
  database itself (use ``transactional_db`` so rows are committed); on SQLite, whose test database
  lives in memory, a file copy that the test's own connection switches to for the duration.
* ``BackgroundProcess`` starts ``manage.py …`` with that environment, logs to files, and is killed
  at the end (SIGKILL, like a machine losing power, when the test asks for it).
* ``wait_for`` polls a condition with a generous deadline: the deadline only bounds a failure, it
  never decides a pass, so a busy machine makes the test slower, not flaky.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
DEFAULT_DEADLINE = 90.0


def wait_for(
    condition: Callable[[], Any], *, what: str, deadline: float = DEFAULT_DEADLINE, every: float = 0.05
) -> Any:
    """Poll ``condition`` until it returns something truthy; fail with ``what`` after ``deadline`` s."""
    end = time.monotonic() + deadline
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {deadline}s waiting for {what}")
        time.sleep(every)


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[str]:
    """Yield a ``DATABASE_URL`` under which a subprocess sees what this test sees."""
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        user = params.get("USER") or "postgres"
        password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
        host = params.get("HOST") or "127.0.0.1"
        port = params.get("PORT") or 5432
        yield f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"
        return
    if connection.vendor != "sqlite":
        raise NotImplementedError(connection.vendor)
    if not connection.is_in_memory_db():  # type: ignore[attr-defined]  # SQLite's wrapper only (vendor checked above)
        yield f"sqlite:///{params['NAME']}"
        return
    # Copy the in-memory test database to a file and point this test's connection at the file.
    # The in-memory connection is kept aside (closing it would destroy the database) and put back.
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    memory = connection.connection
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    name = params["NAME"]
    params["NAME"] = str(path)
    connection.connection = None
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        params["NAME"] = name
        connection.connection = memory


class BackgroundProcess:
    """``manage.py <args>`` in a subprocess with the test's database; output goes to log files."""

    def __init__(self, args: list[str], *, database_url: str, log_dir: Path, env: dict[str, str] | None = None) -> None:
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"{args[0]}-{time.monotonic_ns()}.log"
        environ = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "stint.core.testing.fault_settings",
            "DATABASE_URL": database_url,
            "STINT_TASK_BACKEND": "database",
            "STINT_VAR_DIR": str(log_dir / "var"),
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=environ,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-6000:]

    def kill(self) -> None:
        """SIGKILL: no signal handler, no ``finally``, no cleanup, as when a machine dies."""
        if self.alive:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._log.close()


def start_worker(
    *, database_url: str, log_dir: Path, env: dict[str, str] | None = None, command: str = "stint_worker"
) -> BackgroundProcess:
    args = [command, "--interval", "0.1", "--no-startup-delay", "--no-reload", "--verbosity", "1"]
    return BackgroundProcess(args, database_url=database_url, log_dir=log_dir, env=env)
