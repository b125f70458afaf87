"""JSON API of personal data: ask for a copy (built by a task), read its status, download it
through the signed link the status gives; delete the account (docs/privacy.md)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from stint.core.api import AUTH, ProblemSchema
from stint.core.errors import ValidationFailed
from stint.privacy import selectors, services
from stint.privacy.erase import account_delete
from stint.privacy.models import DataExport
from stint.privacy.schemas import AccountDeleteIn, DataExportOut

router = Router(tags=["privacy"])
ERRORS: dict[int, Any] = {
    401: ProblemSchema,
    403: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
    422: ProblemSchema,
}


def export_out(export: DataExport) -> dict[str, Any]:
    return {
        "id": export.pk,
        "status": export.status,
        "created_at": export.created_at,
        "ready_at": export.ready_at,
        "expires_at": export.expires_at,
        "size": export.size,
        "download_url": selectors.download_url(export, api=True),
    }


@router.post("/me/data-exports", auth=AUTH, response={202: DataExportOut, **ERRORS}, url_name="privacy_export_create")
def export_create(request: HttpRequest) -> Status:
    """Ask for a zip of every record about you; poll its status for the download link."""
    export = services.data_export_request(user=request.user)
    export.refresh_from_db()
    return Status(202, export_out(export))


@router.get("/me/data-exports", auth=AUTH, response={200: list[DataExportOut], **ERRORS}, url_name="privacy_exports")
def export_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [export_out(e) for e in selectors.data_export_list_for_user(user=request.user)[:20]]


@router.get(
    "/me/data-exports/{export_id}", auth=AUTH, response={200: DataExportOut, **ERRORS}, url_name="privacy_export"
)
def export_get(request: HttpRequest, export_id: uuid.UUID) -> dict[str, Any]:
    """The export's status; when ready, ``download_url`` is a link that works for 15 minutes."""
    return export_out(selectors.data_export_get_for_user(user=request.user, export_id=export_id))


@router.get(
    "/me/data-exports/{export_id}/download",
    auth=AUTH,
    response={200: None, **ERRORS},
    url_name="privacy_export_download",
)
def export_download(request: HttpRequest, export_id: uuid.UUID, sig: str = "") -> FileResponse:
    export = services.data_export_for_download(user=request.user, export_id=export_id, token=sig)
    return zip_response(export)


def zip_response(export: DataExport) -> FileResponse:
    response = FileResponse(
        export.file.open("rb"), as_attachment=True, filename="stint-data.zip", content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/me/delete", auth=AUTH, response={204: None, **ERRORS}, url_name="privacy_account_delete")
def delete_account(request: HttpRequest, payload: AccountDeleteIn) -> Status:
    """Delete your account and your personal data (irreversible; docs/privacy.md). Needs your
    password and ``confirm: true``; refused (409) while you have open work or money held."""
    if not payload.confirm:
        raise ValidationFailed(
            _("Confirm that you want to delete your account."),
            code="confirmation_required",
            errors=[{"field": "confirm", "message": _("Required.")}],
        )
    account_delete(user=request.user, password=payload.password)
    return Status(204, None)
