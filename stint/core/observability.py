"""Request ids, structured (JSON) logs and the request-latency histogram.

* ``RequestIdMiddleware`` (first in ``MIDDLEWARE``) gives every request an id: the caller's
  ``X-Request-ID`` when it is a sane token (a reverse proxy or another service chose it), otherwise
  a new one. The id is echoed in the response's ``X-Request-ID`` and put on every log record written
  while the request runs (``RequestIdFilter``), so one request's lines can be found across nodes.
* ``JsonFormatter`` writes one JSON object per line (``STINT_LOG_FORMAT=json``): time, level, logger,
  message, request id, process id, and the traceback when there is one.
* The middleware also records each request's duration in ``stint_http_request_duration_seconds``
  (Prometheus histogram by method and status class), exposed by ``/metrics`` (config/metrics.py).
  Under gunicorn the workers share it through ``PROMETHEUS_MULTIPROC_DIR`` (config/gunicorn.conf.py).
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import time
import traceback
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from prometheus_client import Histogram

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_request_id: ContextVar[str | None] = ContextVar("stint_request_id", default=None)

REQUEST_SECONDS = Histogram(
    "stint_http_request_duration_seconds",
    "Time to answer an HTTP request, from the first middleware to the response.",
    ["method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def current_request_id() -> str | None:
    return _request_id.get()


class RequestIdMiddleware:
    """Assign the request id, echo it, and time the request (module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _SANE_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # our attribute on the request, read by views and logs
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        method = request.method if request.method in _METHODS else "OTHER"
        REQUEST_SECONDS.labels(method, f"{response.status_code // 100}xx").observe(time.perf_counter() - started)
        return response


class RequestIdFilter(logging.Filter):
    """Put the current request's id (or ``-``) on every record as ``request_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; safe for any message (non-JSON values are turned into strings)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or _request_id.get() or None,
            "pid": os.getpid(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, default=str, ensure_ascii=False)
