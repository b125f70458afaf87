"""``manage.py stint_files dump DIR`` / ``load DIR``: copy every stored file to or from a directory.

The files half of a backup (scripts/backup.sh, scripts/restore.sh; docs/operations.md, "Backups").
It goes through Django's storage API, so it works the same whether files are on local disk or in
an S3-compatible bucket, and a backup taken from one can be restored into the other. Both storages
are copied: ``default`` (public media, under ``DIR/default``) and ``private`` (résumés, deliverables,
exports, under ``DIR/private``). ``load`` keeps each file's name (the database refers to it) and
replaces a file of the same name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management.base import BaseCommand, CommandError

ALIASES = ("default", "private")


def _walk(storage: Storage, prefix: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{prefix}{name}"
    for directory in directories:
        yield from _walk(storage, f"{prefix}{directory}/")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Copy every stored file (public media and private files) to or from a directory."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["dump", "load"])
        parser.add_argument("directory")

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(options["directory"])
        total = 0
        for alias in ALIASES:
            storage = storages[alias]
            base = root / alias
            if options["action"] == "dump":
                total += self._dump(storage, base)
            else:
                if not root.is_dir():
                    raise CommandError(f"{root} is not a directory")
                total += self._load(storage, base)
        self.stdout.write(f"{options['action']}: {total} files")

    def _dump(self, storage: Storage, base: Path) -> int:
        count = 0
        manifest = []
        for name in _walk(storage):
            target = base / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, target.open("wb") as out:
                for chunk in iter(lambda: source.read(1 << 20), b""):
                    out.write(chunk)
            manifest.append(f"{_sha256(target)}  {name}")
            count += 1
        base.mkdir(parents=True, exist_ok=True)
        (base.parent / f"{base.name}.sha256").write_text("".join(f"{line}\n" for line in manifest))
        return count

    def _load(self, storage: Storage, base: Path) -> int:
        if not base.is_dir():
            return 0
        count = 0
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            name = path.relative_to(base).as_posix()
            if storage.exists(name):
                storage.delete(name)
            with path.open("rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise CommandError(f"{name} was stored as {saved}; the database would not find it")
            count += 1
        return count
