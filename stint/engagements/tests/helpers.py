from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from stint.engagements import services
from stint.engagements.models import Engagement
from stint.payments import ledger
from stint.payments.choices import AccountKind

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


def started_days_ago(engagement: Any, days: int) -> Engagement:
    """Backdate the engagement's start, so time can be logged on earlier days."""
    Engagement.objects.filter(pk=engagement.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    return refresh(engagement)


def log_over_days(engagement: Any, talent: Any, minutes: int, per_day: int = 600) -> Engagement:
    """Log ``minutes`` through the service, at most ``per_day`` on each day (today and the days
    before it), so the daily cap is respected; the engagement is backdated as needed."""
    days = max(1, -(-minutes // per_day))
    engagement = started_days_ago(engagement, days)
    today = timezone.localdate()
    remaining = minutes
    for back in range(days):
        chunk = min(remaining, per_day)
        if chunk:
            log(engagement, talent, chunk, today - datetime.timedelta(days=back))
        remaining -= chunk
    return refresh(engagement)


def balance(user: Any) -> int:
    """The talent's balance in USD minor units."""
    return ledger.account_balance(ledger.account_for(AccountKind.TALENT_BALANCE, "USD", user=user))


def held(project: Any) -> int:
    """What is held for the project in USD minor units."""
    return ledger.account_balance(ledger.account_for(AccountKind.HELD, "USD", project=project))
