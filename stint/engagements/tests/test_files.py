from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stint.core.errors import ValidationFailed
from stint.engagements.files import MAX_FILE_BYTES, check_files, clean_name, detect_content_type

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"%PDF-1.7\n", "report.pdf", "application/pdf"),
        (PNG, "chart.png", "image/png"),
        (JPEG, "photo.jpg", "image/jpeg"),
        (zip_bytes(), "bundle.zip", "application/zip"),
        (zip_bytes(), "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (b"a,b\n1,2\n", "data.csv", "text/csv"),
        ("# Titre é\n".encode(), "notes.md", "text/markdown"),
        (b"plain notes", "notes.txt", "text/plain"),
        (b"%PDF-1.7\n", "renamed.txt", "application/pdf"),
    ],
)
def test_allowed_types_are_detected_by_content(content, name, expected):
    assert detect_content_type(content, name) == expected


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00", "setup.pdf"),
        (b"\x7fELF\x02\x01", "tool.txt"),
        (b"#!/bin/sh\nrm -rf /", "script.txt"),
        (b"<!DOCTYPE html><html></html>", "page.txt"),
        (b"  <script>alert(1)</script>", "notes.md"),
        (b"<svg onload=alert(1)>", "logo.png"),
        (b"\x00\x01\x02binary", "blob.txt"),
        (b"\xc3\x28 invalid utf8 in the middle" + b"x" * 100, "bad.txt"),
    ],
)
def test_executables_html_and_binary_are_refused(content, name):
    assert detect_content_type(content, name) is None
    with pytest.raises(ValidationFailed) as exc:
        check_files([SimpleUploadedFile(name, content)])
    assert exc.value.code == "file_type_not_allowed"


def test_too_many_files_are_refused():
    with pytest.raises(ValidationFailed) as exc:
        check_files([SimpleUploadedFile(f"{n}.txt", b"x") for n in range(11)])
    assert exc.value.code == "too_many_files"


def test_files_over_twenty_megabytes_are_refused():
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n")
    big.size = MAX_FILE_BYTES + 1
    with pytest.raises(ValidationFailed) as exc:
        check_files([big])
    assert exc.value.code == "file_too_large"


def test_empty_files_are_refused():
    with pytest.raises(ValidationFailed) as exc:
        check_files([SimpleUploadedFile("empty.txt", b"")])
    assert exc.value.code == "file_empty"


def test_names_are_cleaned():
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name('C:\\Users\\me\\"re<port>".pdf') == "report.pdf"
    assert clean_name("") == "file"
