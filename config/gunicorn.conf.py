"""Gunicorn settings for Stint's web processes (``gunicorn -c config/gunicorn.conf.py config.wsgi``).

Threads, not only processes: a Stint request mostly waits on the database, so each worker process
runs ``STINT_WEB_THREADS`` threads (the ``gthread`` worker). Every thread keeps at most one
database connection, so a web node never holds more than ``workers × threads`` connections
(docs/operations.md, "Database connections"). No auto-reload: this is what production runs;
``make dev`` is the development server with auto-reload.

Every value comes from the environment (the same variables on every node):

* ``STINT_BIND`` (``127.0.0.1:8000``; or ``STINT_HOST``/``STINT_PORT``)
* ``STINT_WEB_WORKERS`` (2) processes, ``STINT_WEB_THREADS`` (4) threads each
* ``STINT_WEB_TIMEOUT`` (60) seconds before a stuck worker is killed and replaced
* ``STINT_WEB_MAX_REQUESTS`` (5000, ± 10 %) requests before a worker is recycled (0: never)
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import env

bind = env.string("STINT_BIND", "") or f"{env.string('STINT_HOST', '127.0.0.1')}:{env.integer('STINT_PORT', 8000)}"
workers = env.integer("STINT_WEB_WORKERS", 2, minimum=1)
threads = env.integer("STINT_WEB_THREADS", 4, minimum=1)
worker_class = "gthread"
timeout = env.integer("STINT_WEB_TIMEOUT", 60, minimum=1)
graceful_timeout = 30
keepalive = 5
max_requests = env.integer("STINT_WEB_MAX_REQUESTS", 5000, minimum=0)
max_requests_jitter = max_requests // 10
reload = False
# The app is loaded in each worker (not --preload): config/wsgi.py builds the URLconf and the API
# while the worker boots, before it accepts connections, and no database connection or thread can
# leak from the master into forked workers.
preload_app = False
# Each long-lived thread keeps its database connection for this long (checked before reuse,
# CONN_HEALTH_CHECKS); config/settings.py defaults to 0 elsewhere (see STINT_DB_CONN_MAX_AGE).
os.environ.setdefault("STINT_DB_CONN_MAX_AGE", "60")
# Access log on stdout; application logs (JSON when STINT_LOG_FORMAT=json) on stderr.
accesslog = env.string("STINT_ACCESS_LOG", "-") or None
errorlog = "-"
proc_name = "stint-web"

# /metrics merges the request-latency histograms of all workers of this node: prometheus_client's
# multiprocess mode, one directory per gunicorn master, emptied at start-up (stale files of dead
# workers would otherwise be counted).
_metrics_dir = env.string("STINT_METRICS_DIR", "") or tempfile.mkdtemp(prefix="stint-metrics-")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_dir


def on_starting(server: Any) -> None:
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    os.makedirs(_metrics_dir, exist_ok=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
