"""Fixed-window rate limits in the cache (local memory by default, Redis when REDIS_URL is set).

Two ways to count:

* ``reserve`` takes a slot *before* the work it limits (an atomic increment), so N concurrent
  requests can never all pass a check that each of them made before any was counted. Use it for
  anything slow or guessable (a password check); ``release`` gives the slot back when the attempt
  turned out not to count (a successful login).
* ``check`` + ``hit`` look first and count afterwards; only for cheap, non-secret limits.

Per-IP limits key on ``client_ip_bucket(request)``: the client's address as seen by the first
trusted proxy (``STINT_TRUSTED_PROXIES``), IPv6 addresses grouped by /64 like allauth's limits.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext

from stint.core.errors import RateLimited

IPV6_PREFIX = 64
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: list[_Network]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request``.

    ``REMOTE_ADDR`` unless it is one of ``settings.STINT_TRUSTED_PROXIES``; then the
    ``X-Forwarded-For`` chain is read from the right (each trusted proxy appends the address it was
    connected from) and the first hop that is not a trusted proxy is the client. Hops to the left of
    it were written by the client and are ignored, so a forged header cannot choose the bucket."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies: list[_Network] = settings.STINT_TRUSTED_PROXIES
    remote_ip = _parse_ip(remote)
    if remote_ip is None:
        return remote or "unknown"
    if not proxies or not _trusted(remote_ip, proxies):
        return str(remote_ip)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    client = remote_ip
    for hop in reversed(hops):
        address = _parse_ip(hop)
        if address is None:  # garbage where a trusted proxy should have written an address
            break
        client = address
        if not _trusted(address, proxies):
            break
    return str(client)


def client_ip_bucket(request: HttpRequest) -> str:
    """``client_ip`` for rate-limit keys: an IPv6 client owns a whole /64, so it is one bucket."""
    ip = client_ip(request)
    address = _parse_ip(ip)
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return ip


def _key(bucket: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"rl:{bucket}:{digest}:{int(time.time() // window)}"


def _too_many(window_seconds: int) -> RateLimited:
    return RateLimited(
        gettext("Too many attempts. Try again in a few minutes."), extra={"retry_after_seconds": window_seconds}
    )


def _increment(key: str, window_seconds: int, delta: int = 1) -> int:
    cache.add(key, 0, timeout=window_seconds + 5)
    try:
        return cache.incr(key, delta)
    except ValueError:  # expired between add and incr (the window just ended)
        cache.add(key, delta, timeout=window_seconds + 5)
        return delta


def check(bucket: str, ident: str, *, limit: int, window_seconds: int) -> None:
    """Raise ``RateLimited`` if ``ident`` already used ``limit`` hits in this window (without counting)."""
    if (cache.get(_key(bucket, ident, window_seconds)) or 0) >= limit:
        raise _too_many(window_seconds)


def hit(bucket: str, ident: str, *, window_seconds: int) -> int:
    return _increment(_key(bucket, ident, window_seconds), window_seconds)


class Reservation:
    """Slots taken by ``reserve``; ``release()`` gives them back (at most once)."""

    def __init__(self, keys: list[str]) -> None:
        self._keys = keys

    def release(self) -> None:
        keys, self._keys = self._keys, []
        for key in keys:
            with contextlib.suppress(ValueError):  # the window ended meanwhile; nothing to give back
                cache.decr(key)


def reserve(buckets: list[tuple[str, str]], *, limit: int, window_seconds: int) -> Reservation:
    """Take one slot in each ``(bucket, ident)`` before the attempt, atomically.

    The increment is the check: a request whose increment passes ``limit`` is refused (its slot
    stays taken, which only makes the limit stricter while an attacker keeps trying). At most
    ``limit`` attempts per window get past this call, however many arrive at once."""
    taken: list[str] = []
    for bucket, ident in buckets:
        key = _key(bucket, ident, window_seconds)
        if _increment(key, window_seconds) > limit:
            Reservation(taken).release()
            raise _too_many(window_seconds)
        taken.append(key)
    return Reservation(taken)
