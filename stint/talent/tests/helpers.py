"""Test helpers: a minimal but well-formed PDF, and an application row linking a talent to an org."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from stint.applications.models import Application
from stint.projects.tests.factories import ProjectFactory
from stint.talent.samples import minimal_pdf

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def make_pdf(text: str = "Sam Rivera - Resume", padding: int = 0) -> bytes:
    """A one-page PDF 1.4 with a correct cross-reference table (readers open it)."""
    return minimal_pdf([text], padding=padding)


def pdf_upload(name: str = "resume.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf() if content is None else content, content_type="application/pdf")


def apply(talent: Any, organization: Any) -> Any:
    """Record that ``talent`` applied to a project of ``organization`` (the applications app's model)."""

    application_model = Application
    project: Any = ProjectFactory(organization=organization)
    return application_model.objects.create(
        project=project, talent=talent, cover_letter="I would love to help with this research. " * 6
    )
