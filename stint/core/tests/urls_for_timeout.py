"""Views that run one deliberately slow statement, for the statement-budget tests
(mounted with override_settings(ROOT_URLCONF))."""

from __future__ import annotations

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from stint.core.api import StintAPI, install_problem_handlers

# About ten seconds of work on either database: far beyond the budgets the tests set.
SQLITE_SLOW = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000000) SELECT count(*) FROM c"
)
POSTGRES_SLOW = "SELECT pg_sleep(10)"


def run_slow_statement() -> None:
    # In a transaction, as a view's writes would be: on PostgreSQL the cancelled statement then
    # aborts only this block (a savepoint inside the test's transaction).
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(POSTGRES_SLOW if connection.vendor == "postgresql" else SQLITE_SLOW)
        cursor.fetchall()


api = StintAPI(urls_namespace="timeout_test_api", auth=None, docs_url=None, openapi_url=None)
install_problem_handlers(api)


@api.get("/slow")
def slow(request: HttpRequest) -> dict[str, bool]:
    run_slow_statement()
    return {"done": True}


@api.post("/slow")
def slow_post(request: HttpRequest) -> dict[str, bool]:
    run_slow_statement()
    return {"done": True}


def slow_page(request: HttpRequest) -> HttpResponse:
    run_slow_statement()
    return HttpResponse("done")


urlpatterns = [path("api/test/", api.urls), path("slow-page/", slow_page)]
