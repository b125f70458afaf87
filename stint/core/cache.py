"""A Redis cache that degrades instead of failing when Redis cannot be reached.

Stint uses the cache for things it can live without for a while: computed figures (reliability,
search facets), the skills-index version, and rate-limit counters. A Redis outage must therefore
slow the site down, never take it down (issue 9: with Redis stopped, login, signup and project
pages answered 500, and an approval answered 500 after it had committed and released the money).

``ResilientRedisCache`` is Django's ``RedisCache`` with every operation guarded. On a connection
error or timeout it logs a warning, opens a short circuit breaker (``STINT_CACHE_RETRY_SECONDS``,
per process and server) during which it does not even try Redis, and answers as documented in
docs/operations.md ("Redis down"):

* reads are misses: ``get`` → the default, ``get_many`` → ``{}``, ``has_key`` → False;
* writes are dropped: ``set``/``delete``/``touch`` store nothing (``touch`` and ``delete`` answer
  False, ``set_many`` reports every key as failed);
* ``add`` answers True although nothing was stored, and ``incr`` answers ``delta`` as if the
  counter had just been created. Callers use ``add`` as a lock or a once-only marker (allauth's
  rate-limit lock, its TOTP used-code marker) and ``incr`` as a counter (our rate limits): all of
  them **fail open** while Redis is down. Answering False would lock every user out instead
  (allauth waits a second for the lock, then answers 429; a TOTP code would count as used).

``ping()`` does a real round trip and raises, for ``/readyz``.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# What "Redis cannot be reached" looks like: refused or dropped connections, DNS failures (both
# wrapped in redis' ConnectionError), and socket timeouts. Other errors (a wrong type, a bug) raise.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Circuit breaker state, shared by the per-thread cache instances of one process: server → the
# monotonic time before which Redis is not tried again.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


def _retry_seconds() -> float:
    return float(settings.CACHE_RETRY_SECONDS)


class ResilientRedisCache(RedisCache):
    """Django's ``RedisCache``; a connection failure degrades to a miss or a dropped write."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._breaker_key = ",".join(self._servers)  # type: ignore[attr-defined]  # BaseCache sets it; the stubs omit it

    # --- the guard --------------------------------------------------------------------------
    def _guarded(self, operation: str, fallback: T, call: Callable[[], T]) -> T:
        if time.monotonic() < _down_until.get(self._breaker_key, 0.0):
            return fallback
        try:
            return call()
        except UNREACHABLE as exc:
            retry = _retry_seconds()
            with _lock:
                _down_until[self._breaker_key] = time.monotonic() + retry
            logger.warning(
                "cache: Redis unreachable during %s (%s: %s); serving without the cache for %ss",
                operation,
                type(exc).__name__,
                exc,
                retry,
            )
            return fallback

    def ping(self) -> None:
        """One round trip to Redis, bypassing the breaker. Raises when Redis cannot be reached."""
        self._cache.get_client(None, write=True).ping()
        with _lock:
            _down_until.pop(self._breaker_key, None)

    # --- reads: a failure is a miss -----------------------------------------------------------
    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._guarded("get", default, lambda: super(ResilientRedisCache, self).get(key, default, version))

    def get_many(self, keys: Iterable[Any], version: Any = None) -> dict[Any, Any]:
        keys = list(keys)
        return self._guarded("get_many", {}, lambda: super(ResilientRedisCache, self).get_many(keys, version))

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._guarded("has_key", False, lambda: super(ResilientRedisCache, self).has_key(key, version))

    # --- writes: a failure stores nothing -------------------------------------------------------
    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._guarded("add", True, lambda: super(ResilientRedisCache, self).add(key, value, timeout, version))

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> None:
        self._guarded("set", None, lambda: super(ResilientRedisCache, self).set(key, value, timeout, version))

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        return self._guarded(
            "set_many", list(data), lambda: super(ResilientRedisCache, self).set_many(data, timeout, version)
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._guarded("touch", False, lambda: super(ResilientRedisCache, self).touch(key, timeout, version))

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._guarded("delete", False, lambda: super(ResilientRedisCache, self).delete(key, version))

    def delete_many(self, keys: Iterable[Any], version: Any = None) -> None:
        keys = list(keys)
        self._guarded("delete_many", None, lambda: super(ResilientRedisCache, self).delete_many(keys, version))

    def clear(self) -> None:
        self._guarded("clear", None, lambda: super(ResilientRedisCache, self).clear())

    # --- counters: fail open ------------------------------------------------------------------
    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        """``delta`` when Redis is down: the caller sees a fresh counter, so limits fail open."""
        return self._guarded("incr", delta, lambda: super(ResilientRedisCache, self).incr(key, delta, version))


def cache_ping(alias: str = "default") -> str:
    """Check that the cache answers (``/readyz``): a real round trip. Returns the backend's name."""
    from django.core.cache import caches

    backend = caches[alias]
    if isinstance(backend, RedisCache):
        if isinstance(backend, ResilientRedisCache):
            backend.ping()
        else:
            backend._cache.get_client(None, write=True).ping()
        return "redis"
    probe = "stint:readyz:probe"
    backend.set(probe, "1", 10)
    if backend.get(probe) != "1":
        raise RuntimeError("the cache did not return what was just stored")
    return type(backend).__name__


def shared_version(key: str) -> str:
    """The current value of a version that every process reads from the shared cache (for
    per-process indexes: rebuild when it changed). Created on first read; concurrent first reads
    agree through ``add``. With the cache down it is ``"unset"``: each process keeps what it has
    (its own checks, such as a table fingerprint, still apply) instead of rebuilding on every read."""
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)
        version = cache.get(key) or "unset"
    return str(version)


def shared_version_bump(key: str) -> None:
    """Tell every process that what ``key`` versions has changed."""
    cache.set(key, uuid.uuid4().hex, None)
