"""Recovering from a lost database connection in long-running processes (workers, scheduler).

A web request gets a fresh start for free: Django closes unusable connections at the end of every
request. A worker runs one loop for days; when PostgreSQL terminates its backend (a restart, a
failover, ``pg_terminate_backend``, an idle timeout), every later query on that connection raises
``InterfaceError``/``OperationalError`` until someone closes it. ``drop_broken_connections`` is
that someone: the next query then opens a new connection, as in the web.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.db import InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

T = TypeVar("T")

# What a lost connection raises (Django's wrappers around the driver's exceptions).
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def drop_broken_connections() -> int:
    """Close this thread's database connections that no longer answer. Returns how many.

    A connection inside an atomic block is left alone: its owner's ``atomic`` exit deals with it
    (Django closes a connection whose rollback failed)."""
    closed = 0
    for conn in connections.all(initialized_only=True):
        if conn.connection is None or conn.in_atomic_block:
            continue
        if not conn.is_usable():
            logger.warning("database connection %r is broken; closing it so the next query reconnects", conn.alias)
            conn.close()
            closed += 1
    return closed


def with_reconnect(call: Callable[[], T]) -> T:
    """Run ``call``; if it fails on a lost connection, drop broken connections and run it once more."""
    try:
        return call()
    except CONNECTION_ERRORS:
        if not drop_broken_connections():
            raise
        return call()
