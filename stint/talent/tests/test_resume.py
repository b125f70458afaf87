from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from stint.core.errors import ValidationFailed
from stint.core.storage import PrivateStorage
from stint.talent.models import TalentProfile
from stint.talent.selectors import talent_resume_visible_to
from stint.talent.services import talent_resume_upload
from stint.talent.tests.helpers import PNG_BYTES, apply, make_pdf, pdf_upload

pytestmark = pytest.mark.django_db

URL = "me/talent-profile/resume"


def upload(api_client, name="resume.pdf", content=None, content_type="application/pdf"):
    file = SimpleUploadedFile(name, make_pdf() if content is None else content, content_type=content_type)
    return api_client.post(URL, {"file": file}, multipart=True)


def test_a_real_pdf_is_accepted_and_stored_privately_under_a_random_name(personas, api_client_for):
    response = upload(api_client_for(personas.talent), name="Sam Rivera CV.pdf")
    assert response.status_code == 200, response.content
    body = response.json()
    profile = TalentProfile.objects.get(user=personas.talent)
    assert body["resume"]["url"] == f"/talent/{profile.pk}/resume/"
    assert body["resume"]["file_name"] == "Sam Rivera CV.pdf"
    assert body["resume"]["size"] == len(make_pdf())
    name = profile.resume.name
    assert name is not None and "Sam" not in name and name.startswith("resumes/")
    storage = profile.resume.storage
    assert isinstance(storage, PrivateStorage)  # which delegates ``location`` to the configured backend
    assert storage.location == str(settings.PRIVATE_MEDIA_ROOT)
    assert profile.resume.storage.exists(name)
    assert "resume" not in [s["key"] for s in body["completeness"]["next_steps"]]


@pytest.mark.parametrize(
    "content",
    [
        PNG_BYTES,
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 200,  # a ZIP (or .docx)
        b"<!doctype html><html><script>alert(1)</script></html>",
        b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n",  # truncated: no %%EOF
        b"%PDF-1.4\nnothing here\n%%EOF\n",  # no objects
        b"   %PDF-1.4\n" + make_pdf()[9:],  # header not at byte 0
        b"",
    ],
    ids=["png", "zip", "html", "truncated", "no-objects", "late-header", "empty"],
)
def test_a_file_that_is_not_a_pdf_is_rejected_whatever_its_name(personas, api_client_for, content):
    response = upload(api_client_for(personas.talent), content=content)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_pdf"
    assert not TalentProfile.objects.get(user=personas.talent).resume


def test_an_oversized_pdf_is_rejected(personas, api_client_for, settings):
    settings.STINT_RESUME_MAX_BYTES = 4096
    response = upload(api_client_for(personas.talent), content=make_pdf(padding=5000))
    assert response.status_code == 422
    assert response.json()["code"] == "file_too_large"
    assert upload(api_client_for(personas.talent), content=make_pdf(padding=100)).status_code == 200


def test_the_default_cap_is_five_megabytes(personas):
    big = make_pdf(padding=5 * 1024 * 1024)

    with pytest.raises(ValidationFailed) as exc_info:
        talent_resume_upload(user=personas.talent, upload=pdf_upload(content=big))
    assert exc_info.value.code == "file_too_large"


def test_replacing_deletes_the_old_file_and_delete_removes_it(
    personas, api_client_for, django_capture_on_commit_callbacks
):
    client = api_client_for(personas.talent)
    upload(client)
    first = TalentProfile.objects.get(user=personas.talent).resume.name
    with django_capture_on_commit_callbacks(execute=True):
        upload(client)
    profile = TalentProfile.objects.get(user=personas.talent)
    storage = profile.resume.storage
    second = profile.resume.name
    assert first is not None and second is not None and second != first
    assert not storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(URL).status_code == 204
    profile.refresh_from_db()
    assert not profile.resume and profile.resume_uploaded_at is None
    assert not storage.exists(second)
    assert client.delete(URL).status_code == 204


def test_non_talent_cannot_upload(personas, api_client_for):
    response = upload(api_client_for(personas.company_owner))
    assert response.status_code == 403
    assert response.json()["code"] == "talent_role_required"


# --- Serving -------------------------------------------------------------------------------------


@pytest.fixture
def profile_with_resume(personas):
    talent_resume_upload(user=personas.talent, upload=pdf_upload())
    return TalentProfile.objects.get(user=personas.talent)


def download(user, profile):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(f"/talent/{profile.pk}/resume/")


def test_owner_downloads_the_resume_as_an_attachment(personas, profile_with_resume):
    response = download(personas.talent, profile_with_resume)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == make_pdf()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_member_of_an_organization_the_talent_applied_to_downloads_it(personas, profile_with_resume):
    assert download(personas.company_member, profile_with_resume).status_code == 404
    apply(personas.talent, personas.organization)
    for member in (personas.company_owner, personas.company_admin, personas.company_member):
        assert download(member, profile_with_resume).status_code == 200
        assert talent_resume_visible_to(member, profile_with_resume)


def test_withdrawing_the_application_takes_the_resume_back(personas, profile_with_resume):
    application = apply(personas.talent, personas.organization)
    assert download(personas.company_owner, profile_with_resume).status_code == 200
    type(application).objects.filter(pk=application.pk).update(status="withdrawn")
    assert download(personas.company_owner, profile_with_resume).status_code == 404


@pytest.mark.parametrize("persona", ["other_talent", "other_company_member", "advisor", "staff", "anonymous"])
def test_everyone_else_gets_404(personas, profile_with_resume, persona):
    apply(personas.talent, personas.organization)
    user = None if persona == "anonymous" else getattr(personas, persona)
    assert download(user, profile_with_resume).status_code == 404
    assert not talent_resume_visible_to(user, profile_with_resume)


def test_a_profile_without_resume_or_unknown_id_is_404(personas):
    profile = TalentProfile.objects.create(user=personas.talent)
    assert download(personas.talent, profile).status_code == 404
    client = Client()
    client.force_login(personas.talent)
    assert client.get("/talent/00000000-0000-0000-0000-000000000000/resume/").status_code == 404


def test_resume_is_never_under_media_url(personas, profile_with_resume):
    with pytest.raises(ValueError):
        profile_with_resume.resume.url  # a private file has no public URL
