"""Who performs a command. Services take ``actor: Actor`` (the signed-in user, or an anonymous
visitor whom the service refuses), ``actor: User`` when only a signed-in user can reach them, or
``actor: Actor | None`` when a system task may act (the review-window auto-release, scheduled
settlements): ``None`` is the system. The types live in ``stint.core.types`` (every app may use
them); this module keeps the name the flows import."""

from __future__ import annotations

from stint.core.types import Actor, User

__all__ = ["Actor", "User"]
