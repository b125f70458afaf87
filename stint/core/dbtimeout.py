"""A time budget for the SQL of public requests (docs/api.md, "Time budget").

One URL must not be able to tie up the database. ``StatementTimeoutMiddleware`` gives each SQL
statement of a request in scope at most ``STINT_STATEMENT_TIMEOUT_MS`` (default 5,000; 0 turns it
off):

* in scope: every ``GET``/``HEAD``/``OPTIONS`` request (all public reads are these) and every request
  that carries no credentials (no signed-in session, no ``Authorization`` header), whatever its path.
  Authenticated writes are left alone: on PostgreSQL a statement timeout also counts lock waits,
  and a payout queued behind another must wait rather than fail;
* PostgreSQL: ``set_config('statement_timeout', …)`` for the request's connection, reset at the end
  (a session setting, so it survives the request's own transactions; background workers and
  management commands never run it);
* SQLite: a progress handler that interrupts a statement running past its deadline (the deadline
  is reset before each statement by an execute wrapper).

A statement that runs out of time answers ``503`` with code ``query_timeout`` (problem+json on the
API, a plain 503 page elsewhere), never a 500. Full-text search keeps its own, shorter budget
(``STINT_SEARCH_STATEMENT_TIMEOUT_MS``, code ``search_timeout``).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from stint.core.problem import problem_response

logger = logging.getLogger(__name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# How many SQLite virtual-machine steps run between two looks at the clock (cheap: ~1 µs per look).
SQLITE_PROGRESS_STEPS = 10_000
POSTGRES_QUERY_CANCELED = "57014"


def is_statement_timeout(exc: BaseException) -> bool:
    """True for a statement cancelled by its time budget (PostgreSQL ``query_canceled``, SQLite
    ``interrupted``)."""
    cause = exc.__cause__ or exc
    if getattr(cause, "sqlstate", None) == POSTGRES_QUERY_CANCELED:
        return True
    return type(cause).__module__.startswith("sqlite3") and str(cause) == "interrupted"


def timeout_problem(request: HttpRequest) -> HttpResponse:
    response = problem_response(
        request,
        status=503,
        code="query_timeout",
        title=gettext("The database did not answer in time"),
        detail=gettext(
            "This request took too long and was stopped; narrow it (fewer filters or values) or retry later."
        ),
    )
    response["Retry-After"] = "5"
    return response


def timeout_ms() -> int:
    return settings.STINT_STATEMENT_TIMEOUT_MS


def in_scope(request: HttpRequest) -> bool:
    if request.method in SAFE_METHODS:
        return True
    if request.headers.get("Authorization"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


@contextlib.contextmanager
def _postgres_budget(milliseconds: int) -> Iterator[None]:
    connection.ensure_connection()
    raw = connection.connection
    # The raw connection, not a Django cursor: the budget is not one of the request's queries (and
    # query-count assertions do not see it).
    raw.execute("SELECT set_config('statement_timeout', %s, false)", (f"{milliseconds}ms",))
    try:
        yield
    finally:
        try:
            if connection.connection is raw and not raw.closed:
                raw.execute("RESET statement_timeout")
        except Exception:
            logger.warning("could not reset statement_timeout; closing the connection", exc_info=True)
            with contextlib.suppress(DatabaseError):
                if not connection.in_atomic_block:
                    connection.close()


@contextlib.contextmanager
def _sqlite_budget(milliseconds: int) -> Iterator[None]:
    connection.ensure_connection()
    raw = connection.connection
    deadline = [float("inf")]

    def progress() -> int:
        return 1 if time.monotonic() > deadline[0] else 0

    def per_statement(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        deadline[0] = time.monotonic() + milliseconds / 1000
        try:
            return execute(sql, params, many, context)
        finally:
            deadline[0] = float("inf")

    raw.set_progress_handler(progress, SQLITE_PROGRESS_STEPS)
    try:
        with connection.execute_wrapper(per_statement):
            yield
    finally:
        raw.set_progress_handler(None, 0)


@contextlib.contextmanager
def statement_budget(milliseconds: int) -> Iterator[None]:
    """Run the block with each SQL statement limited to ``milliseconds`` (0: no limit)."""
    if milliseconds <= 0:
        yield
        return
    vendor = connection.vendor
    if vendor == "postgresql":
        with _postgres_budget(milliseconds):
            yield
    elif vendor == "sqlite":
        with _sqlite_budget(milliseconds):
            yield
    else:  # pragma: no cover (only the two supported databases)
        yield


class StatementTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        milliseconds = timeout_ms()
        if not milliseconds or not in_scope(request):
            return self.get_response(request)
        with statement_budget(milliseconds):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DatabaseError) or not is_statement_timeout(exception):
            return None
        if request.path_info.startswith("/api/"):
            return timeout_problem(request)
        return HttpResponse(
            "The server is busy; please try again in a moment.",
            status=503,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": "5"},
        )
