"""Deliverable files: the type is detected from the content (magic bytes), never from the name or
the browser's Content-Type. Allowed: PDF, PNG, JPEG, ZIP (and the Office formats, which are ZIPs),
plain text (also CSV and Markdown). Executables, HTML and anything unrecognised are refused.

The first bytes only name a candidate type; ``verify_whole_file`` then reads the whole file:
text must be UTF-8 without NUL bytes or HTML/SVG/XML markup anywhere (markup after byte 1,024
once slipped through), images must parse with Pillow, ZIPs must have a readable central
directory, and a PDF must have objects and its ``%%EOF`` end marker."""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from stint.core.errors import ValidationFailed

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
SNIFF_BYTES = 4096

_OFFICE = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
_TEXT_TYPES = {".csv": "text/csv", ".md": "text/markdown", ".markdown": "text/markdown"}
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")


_CHUNK = 64 * 1024
_OVERLAP = 32  # longer than every marker, so one split across two chunks is still seen
_PDF_TAIL = 2048


def _chunks(upload: Any) -> Any:
    upload.seek(0)
    while chunk := upload.read(_CHUNK):
        yield chunk


def _text_ok(upload: Any) -> bool:
    """UTF-8 throughout, no NUL byte, no markup a browser would render (case-insensitive)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    previous = b""
    for chunk in _chunks(upload):
        if b"\x00" in chunk:
            return False
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return False
        window = (previous + chunk).lower()
        if any(marker in window for marker in _HTML_MARKERS):
            return False
        previous = window[-_OVERLAP:]
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _image_ok(upload: Any, expected: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
            return bool(image.format == expected)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def _zip_ok(upload: Any) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return True


def _pdf_ok(upload: Any, size: int) -> bool:
    has_obj = has_endobj = False
    previous = b""
    for chunk in _chunks(upload):
        window = previous + chunk
        has_obj = has_obj or re.search(rb"\d+\s+\d+\s+obj\b", window) is not None
        has_endobj = has_endobj or b"endobj" in window
        if has_obj and has_endobj:
            break
        previous = chunk[-_OVERLAP:]
    upload.seek(max(0, size - _PDF_TAIL))
    tail = upload.read()
    return has_obj and has_endobj and b"%%EOF" in tail


def verify_whole_file(upload: Any, content_type: str, size: int) -> bool:
    """Read the whole upload and confirm it is what its first bytes claim (see the module doc)."""
    try:
        if content_type.startswith("text/"):
            return _text_ok(upload)
        if content_type == "image/png":
            return _image_ok(upload, "PNG")
        if content_type == "image/jpeg":
            return _image_ok(upload, "JPEG")
        if content_type == "application/pdf":
            return _pdf_ok(upload, size)
        return _zip_ok(upload)
    finally:
        upload.seek(0)


@dataclass(frozen=True)
class CheckedFile:
    upload: Any
    name: str
    size: int
    content_type: str


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def detect_content_type(head: bytes, name: str) -> str | None:
    """The MIME type of a file from its first bytes, or None when it is not an allowed type."""
    if head.startswith(_EXECUTABLE_MAGIC):
        return None
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _OFFICE.get(_extension(name), "application/zip")
    if not head:
        return None
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sniff boundary is still text.
        if exc.start < len(head) - 4:
            return None
        text = head[: exc.start].decode("utf-8")
    lowered = text.lstrip("\ufeff \t\r\n").lower().encode()
    if any(marker in lowered[:1024] for marker in _HTML_MARKERS):
        return None
    return _TEXT_TYPES.get(_extension(name), "text/plain")


def clean_name(name: str) -> str:
    name = (name or "file").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>:|?*').strip() or "file"
    return name[:200]


def check_files(files: list[Any]) -> list[CheckedFile]:
    """Validate uploads (count, size, type by content). Raises ``ValidationFailed`` with codes
    ``too_many_files``, ``file_too_large``, ``file_empty`` or ``file_type_not_allowed``."""
    files = [f for f in files or [] if f is not None]
    if len(files) > MAX_FILES:
        raise ValidationFailed(
            _("Attach at most %(count)s files.") % {"count": MAX_FILES},
            code="too_many_files",
            errors=[{"field": "files", "message": _("At most %(count)s files.") % {"count": MAX_FILES}}],
        )
    checked = []
    for upload in files:
        name = clean_name(getattr(upload, "name", "") or "file")
        size = int(getattr(upload, "size", 0) or 0)
        if size > MAX_FILE_BYTES:
            raise ValidationFailed(
                _("%(name)s is larger than 20 MB.") % {"name": name},
                code="file_too_large",
                errors=[{"field": "files", "message": _("%(name)s: at most 20 MB.") % {"name": name}}],
            )
        if size == 0:
            raise ValidationFailed(
                _("%(name)s is empty.") % {"name": name},
                code="file_empty",
                errors=[{"field": "files", "message": _("%(name)s is empty.") % {"name": name}}],
            )
        upload.seek(0)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        content_type = detect_content_type(head, name)
        if content_type is not None and not verify_whole_file(upload, content_type, size):
            content_type = None
        if content_type is None:
            raise ValidationFailed(
                _("%(name)s is not an allowed file type (PDF, PNG, JPEG, ZIP/Office documents, text, CSV, Markdown).")
                % {"name": name},
                code="file_type_not_allowed",
                errors=[{"field": "files", "message": _("%(name)s: type not allowed.") % {"name": name}}],
            )
        checked.append(CheckedFile(upload=upload, name=name, size=size, content_type=content_type))
    return checked
