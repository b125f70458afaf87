"""Read scaling with an optional PostgreSQL streaming replica (``DATABASE_REPLICA_URL``).

What reads from the replica is opted in, never the default: a safe request (GET/HEAD) whose path
starts with one of ``STINT_REPLICA_PATHS`` (browse, search, public organization and skill pages and
their API twins). Everything else reads from the primary, and so do, even on those paths:

* every write (``db_for_write`` is always the primary), and every read after the request's first
  write (the request sees what it has just written);
* every read inside a transaction (``atomic``): a read that decides a write must see the primary;
* identity and bookkeeping rows (sessions, users, tokens, MFA, tasks, idempotency keys, audit),
  whatever the page: a session written at login must not look missing because the replica lags;
* **read-your-writes across requests**: after a request that wrote (or any POST/PUT/PATCH/DELETE),
  the client is pinned to the primary for ``STINT_REPLICA_PIN_SECONDS``: a cookie for browsers, and a
  key in the shared cache (Redis) for the bearer token of API clients.

The replica lagging therefore shows only to other people, for at most its lag: a visitor may see a
project a few hundred milliseconds after it was published, never its author. A replica that cannot
be reached sends this process's reads to the primary for ``STINT_REPLICA_RETRY_SECONDS``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "stint_primary"
_PIN_CACHE_PREFIX = "stint:primary-pin:"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Apps whose rows always come from the primary (identity, sessions, queues, money bookkeeping).
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "accounts", "auth", "account", "mfa", "contenttypes", "django_tasks_db", "core", "payments"}
)


@dataclass
class ReadState:
    """What the current request (or ``reading_from_replica`` block) may read from, and whether it wrote."""

    replica: bool
    wrote: bool = False
    used_replica: bool = False


_state: ContextVar[ReadState | None] = ContextVar("stint_read_state", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def used_replica() -> bool:
    """Whether the current request (or block) has read from the replica so far: what it computed
    may lag the primary, so shared caches must not keep it (``stint.matching.search_cache``)."""
    state = _state.get()
    return bool(state is not None and state.used_replica)


@contextmanager
def reading_from_replica() -> Iterator[ReadState]:
    """Let the reads of this block go to the replica (until the block's first write)."""
    state = ReadState(replica=True)
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)


class ReplicaRouter:
    """Django database router; see the module docstring for the rules."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        state = _state.get()
        if state is None or not state.replica or state.wrote or not replica_configured():
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        state.used_replica = True
        return REPLICA

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        state = _state.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: same rows, same ids

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def _token_pin_key(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    return _PIN_CACHE_PREFIX + hashlib.sha256(header.encode()).hexdigest()[:32]


def _pinned(request: HttpRequest) -> bool:
    raw = request.COOKIES.get(PIN_COOKIE, "")
    if raw.isdigit() and int(raw) > time.time():
        return True
    key = _token_pin_key(request)
    if key is None:
        return False
    from django.core.cache import cache

    return bool(cache.get(key))


def _pin(request: HttpRequest, response: HttpResponse) -> None:
    seconds = settings.STINT_REPLICA_PIN_SECONDS
    response.set_cookie(
        PIN_COOKIE,
        str(int(time.time()) + seconds),
        max_age=seconds,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    key = _token_pin_key(request)
    if key is not None:
        from django.core.cache import cache

        cache.set(key, 1, seconds)


def replica_eligible(request: HttpRequest) -> bool:
    if request.method not in SAFE_METHODS or not replica_configured():
        return False
    if not any(request.path.startswith(prefix) for prefix in settings.STINT_REPLICA_PATHS):
        return False
    return not _pinned(request) and replica_reachable()


# The replica could not be reached: until this monotonic time, this process reads from the primary.
_replica_down_until = [0.0]


def replica_reachable() -> bool:
    """Connect to the replica if this thread has no connection yet. When that fails, log it and
    read from the primary for ``STINT_REPLICA_RETRY_SECONDS`` (this process) instead of failing
    the request: a replica outage costs the primary some reads, not the site its public pages."""
    if time.monotonic() < _replica_down_until[0]:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except (OperationalError, InterfaceError) as exc:
        retry = settings.STINT_REPLICA_RETRY_SECONDS
        _replica_down_until[0] = time.monotonic() + retry
        logger.warning("replica unreachable (%s); reading from the primary for %ss", type(exc).__name__, retry)
        return False
    return True


class ReplicaRoutingMiddleware:
    """Route a request's reads (module docstring) and pin writers to the primary afterwards."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = ReadState(replica=replica_eligible(request))
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if replica_configured() and (state.wrote or request.method not in SAFE_METHODS):
            _pin(request, response)
        if state.used_replica:
            response.headers.setdefault("X-Stint-Read-From", REPLICA)
        return response
