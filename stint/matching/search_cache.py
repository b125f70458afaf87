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

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from ninja.renderers import JSONRenderer
from pydantic import BaseModel

from stint.core.dbrouter import used_replica
from stint.currencies.selectors import rates_stamp, viewer_currency

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
    # The rates table decides the rate filter's thresholds and the approximate amounts shown, so a
    # new rate makes every listing key new (docs/currencies.md).
    digest = hashlib.sha256(repr((parts, rates_stamp())).encode()).hexdigest()[:32]
    return f"matching:{prefix}:v{listing_version()}:m{listing_minute()}:{digest}"


# --- Whole responses: anonymous listing pages and the list APIs --------------------------------------


def _ttl() -> int:
    return int(settings.STINT_SEARCH_FACET_CACHE_SECONDS)


def etag_for(key: str) -> str:
    """A strong validator for a listing response: the cache key names the request, the listing
    version and the minute, so it changes whenever the listing may have."""
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def not_modified(request: HttpRequest, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    return bool(wanted) and etag in [tag.strip().removeprefix("W/") for tag in wanted.split(",")]


def cached_listing_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For anonymous visitors, the whole rendered page for ``STINT_SEARCH_FACET_CACHE_SECONDS`` under
    the listing version (so a publish or a close is visible at once), with an ``ETag`` answered by
    ``304 Not Modified``. Signed-in people get their own page (menu, counts, saved searches); a page
    with a message, or read from a lagging replica, is never cached (``shareable``)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated or not _ttl():
            return view(request, *args, **kwargs)
        # The page is rendered in the visitor's language (LocaleMiddleware: cookie, Accept-Language).
        variant = (request.headers.get("HX-Request", ""), request.headers.get("HX-Boosted", ""), get_language())
        key = listing_key("page", view.__module__, view.__name__, request.get_full_path(), variant)
        etag = etag_for(key)
        get_token(request)  # the visitor still gets a CSRF cookie, as from a rendered page
        if not_modified(request, etag):
            response: HttpResponse = HttpResponseNotModified()
        elif (cached := cache.get(key)) is not None:
            response = HttpResponse(cached[0], content_type=cached[1])
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and shareable(request):
                cache.set(key, (response.content, response["Content-Type"]), _ttl())
            else:
                return response
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True)  # revalidate every time: cheap, always current
        return response

    return wrapper


def shareable(request: HttpRequest | None = None) -> bool:
    """Whether what this request computed may be kept for others: not when it read from a lagging
    replica (it would sit in the cache under a version that promises the primary's state: a publish
    already bumped it), nor when the page carries a message for this visitor."""
    if used_replica():
        return False
    storage = getattr(request, "_messages", None) if request is not None else None
    return not (storage is not None and getattr(storage, "_queued_messages", None))


def cached_api_result(
    request: HttpRequest, schema: type[BaseModel], compute: Callable[[], dict[str, Any]]
) -> dict[str, Any] | HttpResponse:
    """A list API answer (the same for every caller: per-user filters must not come here), cached
    like ``cached_listing_page`` as the JSON Ninja would send: ``compute()``'s body validated by the
    operation's response ``schema`` and rendered once, so a hit skips the validation of every item
    (most of a warm request's cost). ``ETag``, and ``304`` when the client has it."""
    if not _ttl():
        return compute()
    # ``approximate_fee`` is in the caller's comparison currency (User.currency or rate_currency).
    comparison = viewer_currency(getattr(request, "user", None), request.GET.get("rate_currency"))
    key = listing_key("api", request.path, sorted(request.GET.lists()), get_language(), comparison)
    etag = etag_for(key)
    response: HttpResponse
    if not_modified(request, etag):
        response = HttpResponseNotModified()
    else:
        content = cache.get(key)
        if content is None:
            context = {"request": request, "response_status": 200}
            data = schema.model_validate(compute(), context=context).model_dump()
            content = JSONRenderer().render(request, data, response_status=200)
            if shareable():
                cache.set(key, content, _ttl())
        response = HttpResponse(content, content_type=f"{JSONRenderer.media_type}; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True)
    return response
