from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from stint.privacy import services
from stint.privacy.models import DataExport, ExportStatus

pytestmark = pytest.mark.django_db


def request_export(client: Any, capture: Any) -> dict[str, Any]:
    with capture(execute=True):  # the build task runs on commit (ImmediateBackend)
        response = client.post("me/data-exports")
    assert response.status_code == 202, response.content
    return response.json()


def test_request_status_and_download_through_the_api(
    personas: Any, api_client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_client_for(personas.talent)
    created = request_export(client, django_capture_on_commit_callbacks)
    status = client.get(f"me/data-exports/{created['id']}").json()
    assert status["status"] == "ready" and status["download_url"].startswith(
        f"/api/v1/me/data-exports/{created['id']}/download?sig="
    )
    response = client.get(status["download_url"])
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "account.json" in archive.namelist() and "README.txt" in archive.namelist()
    assert [e["id"] for e in client.get("me/data-exports").json()] == [created["id"]]


def test_the_link_is_refused_when_tampered_expired_or_someone_elses(
    personas: Any, api_client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_client_for(personas.talent)
    created = request_export(client, django_capture_on_commit_callbacks)
    url = client.get(f"me/data-exports/{created['id']}").json()["download_url"]
    assert client.get(url + "x").json()["code"] == "export_link_invalid"
    assert api_client_for(personas.other_talent).get(url).status_code == 404
    assert api_client_for(personas.other_talent).get(f"me/data-exports/{created['id']}").status_code == 404
    later = timezone.now() + datetime.timedelta(seconds=services.LINK_MAX_AGE + 5)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert client.get(url).status_code == 404


def test_one_export_at_a_time_until_it_is_stale(personas: Any, api_client_for: Any) -> None:
    client = api_client_for(personas.talent)
    first = client.post("me/data-exports")  # not committed: the build never runs, it stays pending
    assert first.status_code == 202 and first.json()["status"] == "pending"
    second = client.post("me/data-exports")
    assert second.status_code == 409 and second.json()["code"] == "export_pending"
    DataExport.objects.filter(pk=first.json()["id"]).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    assert client.post("me/data-exports").status_code == 202
    assert DataExport.objects.get(pk=first.json()["id"]).status == ExportStatus.FAILED


def test_expired_exports_lose_their_file(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        export = services.data_export_request(user=personas.talent)
    export.refresh_from_db()
    storage, name = export.file.storage, str(export.file.name)
    assert storage.exists(name)
    assert services.data_exports_expire(now=timezone.now() + services.EXPORT_KEEP + datetime.timedelta(minutes=1)) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not export.file and not storage.exists(name)


def test_a_build_run_twice_builds_once(personas: Any) -> None:
    export = DataExport.objects.create(user=personas.talent)
    assert services.data_export_build(export_id=export.pk) == "ready"
    assert services.data_export_build(export_id=export.pk) == "skipped"


def test_the_privacy_pages_from_the_account_page(personas: Any, django_capture_on_commit_callbacks: Any) -> None:
    browser = Client()
    browser.force_login(personas.talent)
    account = browser.get("/me/").content.decode()
    assert "/me/privacy/" in account and "/me/privacy/delete/" in account
    with django_capture_on_commit_callbacks(execute=True):
        assert browser.post("/me/privacy/exports/").status_code == 302
    page = browser.get("/me/privacy/")
    assert page["Cache-Control"] == "private, no-store"
    export = DataExport.objects.get(user=personas.talent)
    link = f"/me/privacy/exports/{export.pk}/download/?sig="
    assert link in page.content.decode()
    href = page.content.decode().split(link, 1)[1].split('"', 1)[0]
    download = browser.get(link + href)
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    other = Client()
    other.force_login(personas.other_talent)
    assert other.get(link + href).status_code == 404
    assert Client().get(link + href).status_code == 302  # to the login page


def test_deleting_from_the_page_asks_for_the_password_and_signs_out(personas: Any) -> None:
    user = personas.talent
    user.set_password("s3cret-enough-pass")
    user.save()
    browser = Client()
    browser.force_login(user)
    assert browser.get("/me/privacy/delete/").status_code == 200
    wrong = browser.post("/me/privacy/delete/", {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 422 and "password is not right" in wrong.content.decode()
    done = browser.post("/me/privacy/delete/", {"password": "s3cret-enough-pass", "confirm": "on"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert not user.is_active and user.email.endswith("@deleted.invalid")
    assert browser.get("/me/").status_code == 302  # signed out


def test_the_delete_page_explains_a_refusal(personas: Any) -> None:
    browser = Client()
    browser.force_login(personas.company_owner)
    page = browser.get("/me/privacy/delete/")
    assert "only owner of an organization" in page.content.decode()
    assert browser.post("/me/privacy/delete/", {"password": "x", "confirm": "on"}).status_code == 409
