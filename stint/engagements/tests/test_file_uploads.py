"""Deliverables end to end: markup hidden past the first kilobyte is refused on both faces (and
nothing is stored or changed); downloads are never cached."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stint.engagements.choices import EngagementStatus
from stint.engagements.models import Submission, SubmissionFile
from stint.engagements.tests.helpers import refresh, submit

S = EngagementStatus
pytestmark = pytest.mark.django_db

HIDDEN = b"# Report\n" + b"Plain words. " * 200 + b"<svg onload=alert(document.cookie)></svg>"


def _nothing_changed(engagement):
    assert refresh(engagement).status == S.ACTIVE
    assert not Submission.objects.filter(engagement=engagement).exists()
    assert not SubmissionFile.objects.exists()


def test_api_refuses_markup_after_the_first_kilobyte(personas, engagement, api_client_for):
    assert len(HIDDEN) > 2048
    response = api_client_for(personas.talent).post(
        f"engagements/{engagement.pk}/submissions",
        {"files": [SimpleUploadedFile("report.md", HIDDEN)], "ai_use": "none"},
        multipart=True,
    )
    assert response.status_code == 422
    assert response.json()["code"] == "file_type_not_allowed"
    _nothing_changed(engagement)


def test_page_refuses_markup_after_the_first_kilobyte(client, personas, engagement):
    client.force_login(personas.talent)
    response = client.post(
        f"/engagements/{engagement.pk}/submit/",
        {"files": [SimpleUploadedFile("report.txt", HIDDEN)], "ai_use": "none", "notes": "Done"},
        follow=True,
    )
    assert "not an allowed file type" in response.content.decode()
    _nothing_changed(engagement)


def test_downloads_are_private_and_never_stored(client, personas, engagement, api_client_for):
    submit(engagement, personas.talent)
    item = SubmissionFile.objects.get()
    api = api_client_for(personas.company_owner).get(f"engagements/{engagement.pk}/files/{item.pk}")
    client.force_login(personas.talent)
    page = client.get(f"/engagements/{engagement.pk}/files/{item.pk}/")
    for response in (api, page):
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
