"""Real production components for the cluster tests (tests/cluster) and ``scripts/cluster.sh``.

* ``free_port()``: a TCP port nothing listens on.
* ``Gunicorn``: a gunicorn web node (``config/gunicorn.conf.py``) on its own port, with the
  environment a test gives it; stopped (SIGTERM, then SIGKILL) at the end.
* ``MotoServer``: an S3-compatible server (``moto`` in server mode) in a subprocess.
* ``StreamingReplica``: a second PostgreSQL cluster on this machine, made by ``pg_basebackup``
  from the primary at 127.0.0.1:5432 and streaming from it (hot standby), in a temporary directory.

Each waits until its process answers, and the deadline only bounds a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

from stint.core.testing.faults import ROOT, wait_for

PG_BIN = Path(os.environ.get("STINT_PG_BIN", "/usr/lib/postgresql/15/bin"))
PRIMARY_HBA = Path(os.environ.get("STINT_PG_HBA", "/etc/postgresql/15/main/pg_hba.conf"))
REPLICATION_HBA_LINE = "host replication postgres 127.0.0.1/32 trust"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return bool(response.status < 500)
    except OSError:
        return False


def _as_postgres(args: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    """Run a PostgreSQL tool as the ``postgres`` user when we are root (initdb and pg_ctl refuse root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=300, check=False, **kw)  # noqa: S603


class Gunicorn:
    """One web node: ``gunicorn -c config/gunicorn.conf.py config.wsgi`` on ``port``."""

    def __init__(
        self, *, env: dict[str, str], log_dir: Path, workers: int = 2, threads: int = 4, wait: bool = True
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"gunicorn-{self.port}.log"
        environ = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "STINT_BIND": f"127.0.0.1:{self.port}",
            "STINT_WEB_WORKERS": str(workers),
            "STINT_WEB_THREADS": str(threads),
            "STINT_ACCESS_LOG": "",
            "PYTHONUNBUFFERED": "1",
            **env,
        }
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own server
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "config" / "gunicorn.conf.py"), "config.wsgi"],
            cwd=ROOT,
            env=environ,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if wait:
            self.wait_ready()

    def wait_ready(self) -> None:
        try:
            wait_for(lambda: self.process.poll() is not None or _answers(self.url + "/healthz"), what="gunicorn")
        except AssertionError:
            self.stop()
            raise
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-6000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self._log.close()


class MotoServer:
    """An S3-compatible server (moto) on a free port; ``endpoint`` is its URL."""

    def __init__(self, log_dir: Path) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        log_dir.mkdir(parents=True, exist_ok=True)
        self._log = (log_dir / f"moto-{self.port}.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - the moto server of our venv
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: _answers(self.endpoint + "/moto-api/"), what="the moto server")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self._log.close()


def allow_local_replication() -> None:
    """Let ``postgres`` replicate over 127.0.0.1 without a password (this machine's test cluster
    only), and reload the primary. A no-op when the line is already there."""
    text = PRIMARY_HBA.read_text()
    if REPLICATION_HBA_LINE in text:
        return
    PRIMARY_HBA.write_text(text.rstrip("\n") + "\n" + REPLICATION_HBA_LINE + "\n")
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atqc", "SELECT pg_reload_conf()"],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=60,
    )


class StreamingReplica:
    """A hot-standby copy of the primary (127.0.0.1:5432), streaming WAL, on ``port``."""

    def __init__(self, *, primary_port: int = 5432) -> None:
        allow_local_replication()
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="stint-replica-"))
        self.data = self.root / "data"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        backup = _as_postgres(
            [
                *(str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres"),
                *("-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast"),
            ]
        )
        if backup.returncode:
            self.cleanup()
            raise RuntimeError(f"pg_basebackup failed: {backup.stderr}")
        (self.data / "postgresql.conf").write_text(
            f"port = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.root}'\n"
            "hot_standby = on\nmax_connections = 200\nmax_wal_senders = 10\nmax_replication_slots = 10\nfsync = off\n"
            "shared_buffers = 32MB\nhot_standby_feedback = on\n"
        )
        (self.data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
        (self.data / "pg_ident.conf").write_text("")
        if os.geteuid() == 0:
            for path in (self.data / "postgresql.conf", self.data / "pg_hba.conf", self.data / "pg_ident.conf"):
                shutil.chown(path, "postgres", "postgres")
        started = _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "120", "start"]
        )
        if started.returncode:
            log = (self.root / "log").read_text(errors="replace") if (self.root / "log").exists() else ""
            self.cleanup()
            raise RuntimeError(f"the replica did not start: {started.stderr}\n{log}")

    def psql(self, sql: str, *, database: str = "postgres", port: int | None = None) -> str:
        result = subprocess.run(  # noqa: S603
            ["psql", "-h", "127.0.0.1", "-p", str(port or self.port), "-U", "postgres", "-d", database, "-Atqc", sql],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout.strip()

    def pause_replay(self) -> None:
        self.psql("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        self.psql("SELECT pg_wal_replay_resume()")

    def wait_caught_up(self) -> None:
        """Wait until the replica has replayed everything the primary had written when asked."""
        target = self.psql("SELECT pg_current_wal_lsn()", port=5432)
        wait_for(
            lambda: self.psql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") == "t",
            what="the replica to catch up",
            every=0.1,
        )

    def cleanup(self) -> None:
        if (self.data / "postmaster.pid").exists():
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.root, ignore_errors=True)
