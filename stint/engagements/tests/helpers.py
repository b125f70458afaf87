from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stint.engagements import services
from stint.engagements.models import Engagement

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def submit(engagement: Any, talent: Any, **kw: Any) -> Any:
    kw.setdefault("ai_use", "None: written by hand.")
    kw.setdefault("notes", "The report is attached.")
    kw.setdefault("files", [pdf()])
    return services.submission_create(talent=talent, engagement=engagement, **kw)


def log(engagement: Any, talent: Any, minutes: int, date: datetime.date | None = None) -> Any:
    return services.time_entry_log(
        talent=talent, engagement=engagement, date=date or timezone.localdate(), minutes=minutes, note="work"
    )


def refresh(engagement: Any) -> Engagement:
    return Engagement.objects.select_related("project", "project__organization", "talent").get(pk=engagement.pk)
