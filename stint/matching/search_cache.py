"""The listing version: one number in the shared cache that every cached listing is keyed on.

The indexing cycle (``indexing.py``: a project indexed, removed or re-indexed in bulk, the sweep)
calls ``bump_listing_version()`` after it changes a document, so a cached count, facet or page made
before a publish, a close or an edit is never read again: the next request misses and recomputes.
With a shared cache (Redis, ``REDIS_URL``) every web node sees the bump; with the default
per-process memory cache each process has its own version, which is bumped by the writes this
process makes (signals on commit) and by nothing else, so entries also expire after a short TTL
(``STINT_LISTING_CACHE_SECONDS``).

Passing deadlines change no document: cached entries also carry the minute they were made
(``listing_minute()``), so a project whose deadline passed drops out within a minute at most
(the same bound as the sweep's)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "matching:listing:version"


def listing_version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, None)
        value = cache.get(VERSION_KEY, 1)
    return int(value)


def bump_listing_version() -> None:
    """Make every cached listing stale (called by the indexing cycle after a document changes)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): start over above any version a reader could hold
        cache.set(VERSION_KEY, int(timezone.now().timestamp()), None)


def listing_minute() -> int:
    return int(timezone.now().timestamp() // 60)


def listing_key(prefix: str, *parts: Any) -> str:
    """A cache key for a listing computed now from ``parts`` (hashed), under the current version."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"matching:{prefix}:v{listing_version()}:m{listing_minute()}:{digest}"
