"""Expected refusals (403, 404, other 4xx) log one line each; real errors keep their traceback."""

from __future__ import annotations

import logging
import sys

import pytest
from django.test import RequestFactory

from stint.core.errors import PermissionDenied
from stint.core.log_filters import ExpectedRefusalFilter
from stint.core.middleware import ApplicationErrorMiddleware

pytestmark = pytest.mark.django_db


def _request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_refused_page_logs_one_line_without_a_traceback(client, personas, caplog):
    client.force_login(personas.advisor)
    with caplog.at_level(logging.INFO):
        response = client.get("/planner/")  # the planner is for talent: a PermissionDenied on purpose
    assert response.status_code == 403
    records = _request_records(caplog)
    assert [r.getMessage() for r in records] == ["Forbidden (Permission denied): /planner/"]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_a_refused_api_call_logs_one_line_without_a_traceback(api_client_for, personas, caplog):
    with caplog.at_level(logging.INFO):
        response = api_client_for(personas.advisor).get("me/talent-profile")
    assert response.status_code == 403
    assert response.json()["code"] == "talent_role_required"
    records = _request_records(caplog)
    assert len(records) == 1 and records[0].exc_info is None
    assert "Traceback" not in caplog.text


def _stream_handlers_reached(record: logging.LogRecord) -> list[logging.Handler]:
    """The handlers (other than pytest's own) that would print ``record``."""
    reached: list[logging.Handler] = []
    logger: logging.Logger | None = logging.getLogger(record.name)
    while logger is not None:
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest"):
                continue
            if (
                isinstance(handler, logging.StreamHandler)
                and record.levelno >= handler.level
                and handler.filter(record)
            ):
                reached.append(handler)
        logger = logger.parent if logger.propagate else None
    return reached


def test_a_refusal_is_printed_once_even_with_debug_on(settings):
    """With DEBUG on (``make run``), Django's own console handler used to print it a second time."""
    settings.DEBUG = True
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/x/",), None)
    record.status_code = 403
    assert len(_stream_handlers_reached(record)) == 1


def test_an_application_error_403_on_a_page_is_a_403_not_a_500():
    from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
    from django.http import HttpResponse

    middleware = ApplicationErrorMiddleware(lambda r: HttpResponse())
    with pytest.raises(DjangoPermissionDenied):
        middleware.process_exception(RequestFactory().get("/x/"), PermissionDenied("No.", code="staff_only"))


def test_a_server_error_keeps_its_traceback():
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), exc_info)
    record.status_code = 500
    assert ExpectedRefusalFilter().filter(record) is True
    assert record.exc_info is exc_info
