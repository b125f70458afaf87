"""``GET /metrics``: Prometheus text format, for a scraper holding ``STINT_METRICS_TOKEN``.

Without the setting the page does not exist (404); with it, a request without ``Authorization:
Bearer <token>`` (or with another token) is a 401. It lives in ``config`` because it reads several
apps (the task queue of core, the ledger of payments), as ``/readyz`` does.

* ``stint_http_request_duration_seconds`` (histogram, by method and status class): every web
  process's requests; under gunicorn the workers' figures are merged (``PROMETHEUS_MULTIPROC_DIR``).
* ``stint_task_queue_ready``, ``stint_task_queue_running``, ``stint_task_queue_oldest_due_seconds``:
  the database task queue, as ``/readyz`` sees it (absent with the immediate task backend).
* ``stint_tasks_failed_unresolved``: tasks failed for good and not yet resolved in the admin.
* ``stint_ledger_check_ok`` (1 sound, 0 not) and ``stint_ledger_violations``: ``manage.py
  ledger_check``, run at most once per ``STINT_METRICS_LEDGER_CACHE_SECONDS`` (shared cache).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from stint.core.models import FailedTask
from stint.core.readiness import db_task_backend_in_use, queue_lag_seconds
from stint.payments.invariants import ledger_violations

LEDGER_CACHE_KEY = "stint:metrics:ledger-violations"


def _ledger_violation_count() -> int:
    count = cache.get(LEDGER_CACHE_KEY)
    if count is None:
        count = len(ledger_violations())
        cache.set(LEDGER_CACHE_KEY, count, settings.STINT_METRICS_LEDGER_CACHE_SECONDS)
    return int(count)


class StintCollector(Collector):
    """Figures read from the database at scrape time (the same for every process)."""

    def collect(self) -> Iterator[Any]:
        if db_task_backend_in_use():
            from django.tasks.base import TaskResultStatus
            from django_tasks_db.models import DBTaskResult

            for status, name in ((TaskResultStatus.READY, "ready"), (TaskResultStatus.RUNNING, "running")):
                yield GaugeMetricFamily(
                    f"stint_task_queue_{name}",
                    f"Tasks {name} in the database queue.",
                    value=DBTaskResult.objects.filter(status=status).count(),
                )
            yield GaugeMetricFamily(
                "stint_task_queue_oldest_due_seconds",
                "How long the oldest due task has waited (0: none waits).",
                value=queue_lag_seconds(),
            )
        yield GaugeMetricFamily(
            "stint_tasks_failed_unresolved",
            "Tasks failed for good, not yet resolved in the admin.",
            value=FailedTask.objects.filter(resolved_at__isnull=True).count(),
        )
        violations = _ledger_violation_count()
        yield GaugeMetricFamily(
            "stint_ledger_check_ok", "1 when ledger_check finds nothing wrong.", value=int(not violations)
        )
        yield GaugeMetricFamily("stint_ledger_violations", "Ledger invariants violated.", value=violations)


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)  # every worker's histogram, merged
    else:
        for collector in list(REGISTRY._collector_to_names):  # this process's histogram
            registry.register(collector)
    registry.register(StintCollector())
    return registry


def _authorized(request: HttpRequest, token: str) -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, offered = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), token.encode())


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.STINT_METRICS_TOKEN
    if not token:
        raise Http404("No metrics here.")
    if not _authorized(request, token):
        response = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
