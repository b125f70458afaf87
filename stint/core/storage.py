"""Private file storage: résumés, deliverables and other files that are never public."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import Storage


class PrivateStorage(Storage):
    """The ``private`` storage, looked up on every call.

    ``FileField`` evaluates a storage callable once, at import; delegating here means a changed
    ``STORAGES`` setting (tests, per-deployment S3) is honoured. ``url()`` refuses: private files have
    no public address (a FileSystemStorage with ``base_url=None`` would fall back to MEDIA_URL) and
    are served only by permission-checked views.
    """

    @staticmethod
    def backend() -> Storage:
        from django.core.files.storage import storages

        return storages["private"]

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a permission-checked view.")

    def open(self, name: str, mode: str = "rb") -> Any:
        return self.backend().open(name, mode)

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        return self.backend().save(name, content, max_length=max_length)

    def delete(self, name: str) -> None:
        self.backend().delete(name)

    def exists(self, name: str) -> bool:
        return self.backend().exists(name)

    def size(self, name: str) -> int:
        return self.backend().size(name)

    def path(self, name: str) -> str:
        return self.backend().path(name)

    def listdir(self, path: str) -> Any:
        return self.backend().listdir(path)

    def generate_filename(self, filename: Any) -> str:
        return self.backend().generate_filename(filename)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.backend().get_available_name(name, max_length=max_length)

    def __getattr__(self, attr: str) -> Any:  # location, base_url, … of the real backend
        return getattr(self.backend(), attr)


PRIVATE_STORAGE = PrivateStorage()
