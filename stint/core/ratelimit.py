"""Fixed-window rate limits in the cache (local memory by default, Redis when REDIS_URL is set)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

from stint.core.errors import RateLimited


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(bucket: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"rl:{bucket}:{digest}:{int(time.time() // window)}"


def check(bucket: str, ident: str, *, limit: int, window_seconds: int) -> None:
    """Raise ``RateLimited`` if ``ident`` already used ``limit`` hits in this window (without counting)."""
    if (cache.get(_key(bucket, ident, window_seconds)) or 0) >= limit:
        raise RateLimited(
            "Too many attempts. Try again in a few minutes.", extra={"retry_after_seconds": window_seconds}
        )


def hit(bucket: str, ident: str, *, window_seconds: int) -> int:
    key = _key(bucket, ident, window_seconds)
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window_seconds + 5)
        return 1
