"""Résumé files: checked by content (not by name or declared type) before they are stored privately."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from stint.core.errors import ValidationFailed

PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d")
TAIL_BYTES = 2048
CHUNK = 64 * 1024


def resume_max_bytes() -> int:
    return settings.STINT_RESUME_MAX_BYTES


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed(message, code="invalid_pdf", errors=[{"field": "file", "message": message}])


def validate_pdf(upload: Any) -> None:
    """Accept only a real PDF: ``%PDF-x.y`` at byte 0, at least one ``obj … endobj`` body, and the
    ``%%EOF`` end marker in the last 2 KB. A PNG, ZIP or HTML file renamed to ``.pdf`` fails the
    header check; a truncated download fails the end-marker check. Size is checked first, from the
    upload's size, so an oversized file is never read."""
    limit = resume_max_bytes()
    size = getattr(upload, "size", None)
    if size is None:
        raise _invalid(gettext("The file could not be read."))
    if size > limit:
        mb = limit / (1024 * 1024)
        message = gettext("The résumé must be at most %(size)s MB.") % {"size": f"{mb:g}"}
        raise ValidationFailed(message, code="file_too_large", errors=[{"field": "file", "message": message}])
    if size == 0:
        raise _invalid(gettext("The file is empty."))
    upload.seek(0)
    head = upload.read(1024)
    if not PDF_HEADER.match(head):
        raise _invalid(gettext("This file is not a PDF. Export your résumé as PDF and upload that file."))
    has_obj = has_endobj = False
    upload.seek(0)
    previous = b""
    while chunk := upload.read(CHUNK):
        window = previous + chunk
        has_obj = has_obj or re.search(rb"\d+\s+\d+\s+obj\b", window) is not None
        has_endobj = has_endobj or b"endobj" in window
        previous = chunk[-32:]
        if has_obj and has_endobj:
            break
    upload.seek(max(0, size - TAIL_BYTES))
    tail = upload.read()
    upload.seek(0)
    if not (has_obj and has_endobj):
        raise _invalid(gettext("This PDF has no content objects; it may be damaged."))
    if b"%%EOF" not in tail:
        raise _invalid(gettext("This PDF is incomplete (no end-of-file marker); it may be a partial download."))
