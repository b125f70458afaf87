from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from stint.core.errors import NotFound
from stint.privacy.models import DataExport, ExportStatus
from stint.privacy.services import download_token


def data_export_list_for_user(*, user: Any) -> QuerySet[DataExport]:
    return DataExport.objects.filter(user=user).order_by("-created_at")


def data_export_get_for_user(*, user: Any, export_id: Any) -> DataExport:
    export = DataExport.objects.filter(pk=export_id, user=user).first()
    if export is None:
        raise NotFound(_("Export not found."))
    return export


def download_url(export: DataExport, *, api: bool = False) -> str | None:
    """A fresh signed link (valid ``services.LINK_MAX_AGE``) to a ready export, else None."""
    if export.status != ExportStatus.READY or not export.file:
        return None
    if api:
        path = reverse("api:privacy_export_download", kwargs={"export_id": export.pk})
    else:
        path = reverse("privacy:export_download", kwargs={"export_id": export.pk})
    return f"{path}?sig={download_token(export)}"
