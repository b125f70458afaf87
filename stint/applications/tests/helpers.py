"""Helpers of the application service tests."""

from __future__ import annotations

from stint.applications import services
from stint.applications.tests.factories import letter


def submit(talent, project, n=0, **kw):
    kw.setdefault("answers", ["Desk research first, then interviews." for _ in project.questions])
    return services.application_submit(talent=talent, project=project, cover_letter=letter(n), **kw)


def codes(exc_info):
    return exc_info.value.code
