"""Data exports: requested by the person, built by a task, downloaded through a signed link that
expires, deleted when they expire (docs/privacy.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stint.core.audit import audit_log
from stint.core.errors import Conflict, NotFound
from stint.core.taskqueue import enqueue_on_commit
from stint.privacy.export import build_zip
from stint.privacy.models import DataExport, ExportStatus

EXPORT_KEEP = datetime.timedelta(days=2)  # the zip is deleted after this
LINK_MAX_AGE = 15 * 60  # seconds a download link works
SIGNING_SALT = "stint.privacy.export-download"
STALE_AFTER = datetime.timedelta(minutes=30)  # a pending export older than this has failed


def data_export_request(*, user: Any) -> DataExport:
    """Queue a new export for ``user`` (built by ``privacy.build_export`` after commit). One at a
    time: a second request while one is being prepared is refused (``export_pending``)."""
    from stint.privacy.tasks import build_export

    now = timezone.now()
    with transaction.atomic():
        DataExport.objects.filter(user=user, status=ExportStatus.PENDING, created_at__lt=now - STALE_AFTER).update(
            status=ExportStatus.FAILED, error="Not built in time.", updated_at=now
        )
        try:
            with transaction.atomic():
                export = DataExport.objects.create(user=user)
        except IntegrityError:
            raise Conflict(
                _("An export is already being prepared; it will be ready in a few minutes."), code="export_pending"
            ) from None
        audit_log(user, "privacy.export_requested", export)
        enqueue_on_commit(build_export, str(export.pk))
    return export


def data_export_build(*, export_id: Any) -> str:
    """Build the zip of a pending export and mark it ready. Safe to run twice: only a pending export
    is built, and the ready mark is a conditional update (a second run's file is deleted)."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.status != ExportStatus.PENDING:
        return "skipped"
    content = build_zip(export.user)
    name = export.file.storage.save(f"exports/{export.pk}.zip", ContentFile(content))
    now = timezone.now()
    won = DataExport.objects.filter(pk=export.pk, status=ExportStatus.PENDING).update(
        status=ExportStatus.READY,
        file=name,
        size=len(content),
        ready_at=now,
        expires_at=now + EXPORT_KEEP,
        updated_at=now,
    )
    if not won:
        export.file.storage.delete(name)
        return "skipped"
    return "ready"


def data_exports_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of exports past ``expires_at`` and mark them expired."""
    now = now or timezone.now()
    count = 0
    for export in DataExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now):
        if DataExport.objects.filter(pk=export.pk, status=ExportStatus.READY).update(
            status=ExportStatus.EXPIRED, file="", updated_at=now
        ):
            if export.file:
                export.file.storage.delete(str(export.file.name))
            count += 1
    return count


def download_token(export: DataExport) -> str:
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(f"{export.pk}:{export.user_id}")


def data_export_for_download(*, user: Any, export_id: Any, token: str) -> DataExport:
    """The ready export ``export_id`` of ``user`` if ``token`` was signed for it less than
    ``LINK_MAX_AGE`` ago; anything else is a 404 (``export_link_invalid``)."""
    try:
        value = signing.TimestampSigner(salt=SIGNING_SALT).unsign(token or "", max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        raise NotFound(
            _("This download link is not valid or has expired; ask for a new one."), code="export_link_invalid"
        )
    if value != f"{export_id}:{user.pk}":
        raise NotFound(_("This download link is not valid or has expired."), code="export_link_invalid")
    export = DataExport.objects.filter(pk=export_id, user=user, status=ExportStatus.READY).first()
    if export is None or not export.file:
        raise NotFound(_("This export is not available any more."), code="export_link_invalid")
    return export
