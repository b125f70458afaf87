"""Named transitions over a status table (ARCHITECTURE rule 3).

Each stateful app's ``choices.py`` holds its ``ALLOWED_TRANSITIONS`` graph and an ``ACTIONS`` table
of ``Transition``s: the action's name (as in its URL, ``POST …/approve``), the statuses it starts
from, the status it leads to and the sides that may take it. Services claim with
``ACTIONS[name].sources``; the "allowed actions" selectors answer from the same table, so a page,
the API's ``allowed_actions`` and the service never disagree about what is possible now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    to: str
    by: frozenset[str]

    def allows(self, *, status: str, side: str) -> bool:
        return status in self.sources and side in self.by


def transition(sources: tuple[str, ...], to: str, *by: str) -> Transition:
    return Transition(sources=tuple(str(s) for s in sources), to=str(to), by=frozenset(by))


def sources_into(allowed: Mapping[str, tuple[str, ...]], target: str) -> tuple[str, ...]:
    """The statuses from which ``target`` may be reached in the ``allowed`` graph."""
    return tuple(str(source) for source, targets in allowed.items() if target in targets)


def check_actions(actions: Mapping[str, Transition], allowed: Mapping[str, tuple[str, ...]]) -> None:
    """Every action's edges are edges of the graph (called at import by each ``choices.py``). An
    action that stays in its status (an edit) is no transition and always allowed."""
    for name, action in actions.items():
        for source in action.sources:
            if action.to != source and action.to not in allowed.get(source, ()):
                raise ValueError(f"action {name!r}: {source} → {action.to} is not an allowed transition")


def actions_open(actions: Mapping[str, Transition], *, status: str, side: str) -> list[str]:
    """The names of the actions ``side`` may take from ``status``, in table order."""
    return [name for name, action in actions.items() if action.allows(status=status, side=side)]
