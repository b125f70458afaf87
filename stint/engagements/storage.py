"""Private file storage for deliverables (``stint.core.storage``). ``private_storage`` stays here
because this app's migrations name it."""

from __future__ import annotations

from stint.core.storage import PRIVATE_STORAGE, PrivateStorage

__all__ = ["PrivateStorage", "private_storage"]


def private_storage() -> PrivateStorage:
    """Deliverables are private: never under MEDIA_URL, served only by permission-checked views."""
    return PRIVATE_STORAGE
