"""Files in S3-compatible object storage (a real moto server): what one web node uploads, another
downloads, through the same permission-checked views as from disk."""

from __future__ import annotations

import secrets

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client
from storages.backends.s3 import S3Storage

from stint.core.storage import PRIVATE_STORAGE
from stint.talent.models import TalentProfile
from stint.talent.tests.helpers import apply, make_pdf, pdf_upload
from tests.cluster.conftest import BUCKET, s3_storage_entry
from tests.test_settings import manage


def _node(settings, s3_server, name: str) -> None:
    """Configure this process as web node ``name``: both storages on the shared bucket."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage_entry(s3_server, "media", node=name),
        "private": s3_storage_entry(s3_server, "private", node=name),
    }


def test_s3_settings_come_from_the_environment_with_the_secret_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    code = (
        "from django.conf import settings as s; p = s.STORAGES['private']; d = s.STORAGES['default'];"
        "print(p['BACKEND'], p['OPTIONS']['bucket_name'], p['OPTIONS']['location'], p['OPTIONS']['secret_key'],"
        " p['OPTIONS']['default_acl'], p['OPTIONS']['endpoint_url'], d['OPTIONS']['location'])"
    )
    result = manage(
        tmp_path,
        "shell",
        "-c",
        code,
        STINT_S3_BUCKET="files",
        STINT_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        STINT_S3_ACCESS_KEY_ID="key",
        STINT_S3_SECRET_ACCESS_KEY_FILE=str(secret),
        STINT_S3_PREFIX="stint",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "storages.backends.s3.S3Storage",
        "files",
        "stint/private",
        "from-a-file",
        "private",
        "http://127.0.0.1:9000",
        "stint/media",
    ]


def test_without_a_bucket_files_stay_on_local_disk(tmp_path):
    code = "from django.conf import settings as s; print(s.STORAGES['private']['BACKEND'])"
    result = manage(tmp_path, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["django.core.files.storage.FileSystemStorage"]


def test_a_key_without_its_secret_stops_start_up(tmp_path):
    result = manage(tmp_path, "check", STINT_S3_BUCKET="files", STINT_S3_ACCESS_KEY_ID="key")
    assert result.returncode != 0
    assert "STINT_S3_SECRET_ACCESS_KEY" in result.stderr


def test_a_file_saved_by_one_node_opens_on_another(s3_server):
    node_a = S3Storage(**s3_storage_entry(s3_server, "private", node="a")["OPTIONS"])
    node_b = S3Storage(**s3_storage_entry(s3_server, "private", node="b")["OPTIONS"])
    payload = secrets.token_bytes(300_000)  # larger than one read buffer
    name = node_a.save("deliverables/report.bin", ContentFile(payload))
    assert node_b.exists(name)
    with node_b.open(name, "rb") as handle:
        assert handle.read() == payload
    # Private objects: no grant to everyone, and the private storage has no public URL at all.
    client = boto3.client(
        "s3", endpoint_url=s3_server.endpoint, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    grants = client.get_object_acl(Bucket=BUCKET, Key=f"private/{name}")["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]
    with pytest.raises(ValueError, match="no public URL"):
        PRIVATE_STORAGE.url(name)
    node_b.delete(name)
    assert not node_a.exists(name)


@pytest.mark.django_db
def test_a_resume_uploaded_on_node_a_downloads_on_node_b_only_for_its_audience(
    s3_server, settings, personas, api_client_for
):
    _node(settings, s3_server, "a")
    response = api_client_for(personas.talent).post(
        "me/talent-profile/resume", {"file": pdf_upload("cv.pdf")}, multipart=True
    )
    assert response.status_code == 200, response.content
    profile = TalentProfile.objects.get(user=personas.talent)
    assert isinstance(storages["private"], S3Storage)
    assert storages["private"].exists(profile.resume.name)

    _node(settings, s3_server, "b")  # a fresh storage instance, as on another web node
    assert isinstance(storages["private"], S3Storage)
    apply(personas.talent, personas.organization)
    url = f"/talent/{profile.pk}/resume/"
    for user in (personas.talent, personas.company_owner):
        client = Client()
        client.force_login(user)
        download = client.get(url)
        assert download.status_code == 200, user
        assert b"".join(download.streaming_content) == make_pdf()
        assert "no-store" in download["Cache-Control"]
    for user in (personas.other_talent, personas.other_company_member, None):
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_missing_object_is_a_404_not_a_500(s3_server, settings, personas):
    _node(settings, s3_server, "a")
    profile = TalentProfile.objects.get_or_create(user=personas.talent)[0]
    TalentProfile.objects.filter(pk=profile.pk).update(resume="resumes/never-uploaded.pdf")
    client = Client()
    client.force_login(personas.talent)
    assert client.get(f"/talent/{profile.pk}/resume/").status_code == 404
