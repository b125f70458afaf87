"""The registry of demo-data steps. A domain app's ``demo.py`` appends its idempotent steps to
``STEPS`` (each is ``step(users: dict[str, User]) -> None``); the loader in ``stint.demo``, which
sits on top of every app, imports them and runs them in order. Keeping the list here means no
domain app imports ``stint.demo``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

STEPS: list[Callable[[dict[str, Any]], None]] = []


def register(step: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    """Add ``step`` to the demo loader (usable as a decorator); registering twice is a no-op."""
    if step not in STEPS:
        STEPS.append(step)
    return step
