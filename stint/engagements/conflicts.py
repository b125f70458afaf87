"""The answer to the side that lost a race on an engagement (docs/engagements.md "Races").

Two requests may act on the same engagement at once: the company and the talent both cancelling,
or a cancellation racing an approval. Each transition is claimed with a conditional update, so
exactly one wins; the other must not be told "done" (200) for something that did not happen.
It gets ``409 engagement_state_changed`` with the state that won (``current_status``, and
``cancelled_by`` for a cancellation), so the client can show what actually happened.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from stint.core.errors import Conflict

# "Meanwhile …; you cannot <action> it now", per action that can lose a race (without and with who
# cancelled), as whole sentences for the translators.
_LOST: dict[str, tuple[Promise, Promise]] = {
    "approve": (
        gettext_lazy("Meanwhile this engagement was %(status)s; you cannot approve it now."),
        gettext_lazy("Meanwhile this engagement was %(status)s by %(who)s; you cannot approve it now."),
    ),
    "cancel": (
        gettext_lazy("Meanwhile this engagement was %(status)s; you cannot cancel it now."),
        gettext_lazy("Meanwhile this engagement was %(status)s by %(who)s; you cannot cancel it now."),
    ),
}


def state_changed(current: Any, action: str) -> Conflict:
    """The 409 for a request whose ``action`` lost to another change of ``current``."""
    extra: dict[str, Any] = {"current_status": current.status}
    if current.cancelled_by:
        extra["cancelled_by"] = current.cancelled_by
    plain, by_whom = _LOST.get(action, _LOST["cancel"])
    values = {"status": current.get_status_display().lower()}
    if current.cancelled_by:
        values["who"] = current.get_cancelled_by_display().lower()
        message = str(by_whom) % values
    else:
        message = str(plain) % values
    return Conflict(message, code="engagement_state_changed", extra=extra)


def lost_race(seen: Any, current: Any, *, sources: tuple[str, ...]) -> bool:
    """True when the caller saw the engagement in a state that allowed the action (one of
    ``sources``) and someone else moved it on before the claim."""
    return bool(seen.status in sources and current.status != seen.status)
