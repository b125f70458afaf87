"""Request ids, JSON logs and the token-protected Prometheus /metrics."""

from __future__ import annotations

import json
import logging
import re
import sys

import pytest
from django.test import Client

from stint.core.observability import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token-for-tests-0123456789"


def test_every_response_carries_a_new_request_id():
    first = Client().get("/healthz")["X-Request-ID"]
    second = Client().get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_a_sane_request_id_from_the_caller_is_kept_and_a_hostile_one_replaced():
    assert Client().get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.42")["X-Request-ID"] == "lb-7f3a.42"
    replaced = Client().get("/healthz", HTTP_X_REQUEST_ID='x" onload=alert(1) ' + "a" * 200)["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_log_lines_written_during_a_request_carry_its_id_as_json(caplog, personas):
    client = Client()
    client.force_login(personas.advisor)
    with caplog.at_level(logging.INFO):
        response = client.get("/planner/", HTTP_X_REQUEST_ID="req-123")  # a refusal that logs one line
    assert response.status_code == 403
    record = next(r for r in caplog.records if r.name == "django.request")
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-123"
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert line["message"] == "Forbidden (Permission denied): /planner/"


def test_json_lines_include_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed here" and "ValueError: boom" in line["exception"]
    assert line["request_id"] is None


def test_metrics_do_not_exist_without_a_token(settings):
    settings.STINT_METRICS_TOKEN = ""
    assert Client().get("/metrics").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_metrics_refuse_a_missing_or_wrong_token(settings, header):
    settings.STINT_METRICS_TOKEN = TOKEN
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client().get("/metrics", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"stint_" not in response.content


def test_metrics_in_prometheus_text_format(settings):
    settings.STINT_METRICS_TOKEN = TOKEN
    Client().get("/healthz")
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    body = response.content.decode()
    assert "# TYPE stint_http_request_duration_seconds histogram" in body
    assert re.search(r'stint_http_request_duration_seconds_count\{method="GET",status="2xx"\} [1-9]', body)
    assert "stint_tasks_failed_unresolved 0.0" in body
    assert "stint_ledger_check_ok 1.0" in body
    assert "stint_ledger_violations 0.0" in body
