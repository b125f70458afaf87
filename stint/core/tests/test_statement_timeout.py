"""Every public query path has a time budget (stint.core.dbtimeout, docs/api.md "Time budget").

A statement past the budget is stopped and answered ``503 query_timeout``, not a 500 and not a
database busy for minutes after the client left."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from stint.core.dbtimeout import in_scope, statement_budget

BUDGET_MS = 200


@pytest.fixture
def slow_urls(settings):
    settings.STINT_STATEMENT_TIMEOUT_MS = BUDGET_MS
    with override_settings(ROOT_URLCONF="stint.core.tests.urls_for_timeout"):
        yield


def _assert_timeout_problem(response):
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "query_timeout"
    assert response["Retry-After"]


def test_an_anonymous_read_past_its_budget_is_a_503_problem(db, slow_urls):
    started = time.monotonic()
    response = Client().get("/api/test/slow")
    _assert_timeout_problem(response)
    assert time.monotonic() - started < 8  # stopped, not run to completion (about ten seconds)


def test_an_anonymous_write_is_in_budget_too(db, slow_urls):
    _assert_timeout_problem(Client().post("/api/test/slow", "{}", content_type="application/json"))


def test_an_html_page_past_its_budget_is_a_503_page(db, slow_urls):
    response = Client().get("/slow-page/")
    assert response.status_code == 503
    assert "try again" in response.content.decode()


def test_the_budget_ends_with_the_request(db, slow_urls):
    Client().get("/api/test/slow")
    # The same connection runs a statement longer than the budget once the request is over.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "0"
        else:
            cursor.execute(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c"
            )
            assert cursor.fetchone()[0] == 3_000_000


def test_the_budget_can_be_turned_off(db, settings):
    settings.STINT_STATEMENT_TIMEOUT_MS = 0
    with statement_budget(0), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone()[0] == 1


@pytest.mark.parametrize(
    ("method", "headers", "signed_in", "expected"),
    [
        ("get", {}, False, True),
        ("get", {"Authorization": "Bearer x"}, False, True),
        ("get", {}, True, True),
        ("post", {}, False, True),
        ("post", {"Authorization": "Bearer x"}, False, False),
        ("post", {}, True, False),
    ],
)
def test_reads_and_requests_without_credentials_are_in_scope(personas, method, headers, signed_in, expected):
    request = getattr(RequestFactory(), method)("/api/v1/anything", headers=headers)
    from django.contrib.auth.models import AnonymousUser

    request.user = personas.talent if signed_in else AnonymousUser()
    assert in_scope(request) is expected
