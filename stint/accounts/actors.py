"""Who performs a command. Services take ``actor: Actor`` (the signed-in user, or an anonymous
visitor whom the service refuses) or ``actor: Actor | None`` when a system task may act (the
review-window auto-release, scheduled settlements): ``None`` is the system."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from stint.accounts.models import User

type Actor = User | AnonymousUser

__all__ = ["Actor"]
