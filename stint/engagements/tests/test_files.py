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


# --- The whole file is checked, not only its first bytes -----------------------------------------


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


PDF_OK = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (PDF_OK, "report.pdf"),
        (png_bytes(), "chart.png"),
        (jpeg_bytes(), "photo.jpg"),
        (zip_bytes(), "report.docx"),
        (b"a,b\n" + b"1,2\n" * 50_000, "data.csv"),
        ("é".encode() * 40_000 + b"\n# Notes: x < y, <em>mind</em>\n", "notes.md"),
    ],
)
def test_real_files_pass_the_whole_file_check(content, name):
    [checked] = check_files([SimpleUploadedFile(name, content)])
    assert checked.upload.read(8) == content[:8]  # left at the start for storing


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"x" * 1100 + b"<html><body>hi</body></html>", "notes.txt"),
        (b"# Notes\n" + b"x" * 2000 + b"<script>alert(1)</script>", "notes.md"),
        (b"a,b\n" * 300 + b"<svg onload=alert(1)>", "data.csv"),
        (b"x" * 10_000 + b"<?xml version='1.0'?><svg/>", "drawing.txt"),
        (b"x" * (64 * 1024 - 3) + b"<ScRiPt>alert(1)</script>", "split.txt"),  # across a read boundary
        (b"x" * 5000 + b"\x00", "nul.txt"),
        (b"x" * 5000 + b"\xc3\x28", "broken.txt"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "fake.png"),
        (b"\xff\xd8\xff\xe0" + b"<html><script>alert(1)</script></html>", "fake.jpg"),
        (b"PK\x03\x04" + b"<html>not a zip</html>", "fake.docx"),
        (b"%PDF-1.7\n<html><script>alert(1)</script></html>", "fake.pdf"),
    ],
)
def test_markup_and_fakes_anywhere_in_the_file_are_refused(content, name):
    with pytest.raises(ValidationFailed) as exc:
        check_files([SimpleUploadedFile(name, content)])
    assert exc.value.code == "file_type_not_allowed"
