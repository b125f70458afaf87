"""The backup drill on PostgreSQL: money and a résumé, ``scripts/backup.sh``, the files lost,
``scripts/restore.sh`` into a new database: ``ledger_check`` passes and the file opens."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from stint.core.testing.faults import ROOT, shared_database
from stint.payments.models import LedgerEntry
from stint.payments.tests.factories import funded_project
from stint.talent.models import TalentProfile
from stint.talent.services import talent_resume_upload
from stint.talent.tests.helpers import make_pdf, pdf_upload

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        cwd=ROOT,
        env={**os.environ, "STINT_PYTHON": str(ROOT / ".venv" / "bin" / "python"), **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _admin(sql: str) -> None:
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(sql)


def test_backup_and_restore_drill(tmp_path, settings, personas):
    funded_project(organization=personas.organization, actor=personas.company_owner)
    talent_resume_upload(user=personas.talent, upload=pdf_upload())
    resume_name = TalentProfile.objects.get(user=personas.talent).resume.name
    entries = LedgerEntry.objects.count()
    assert entries > 0
    files = {"STINT_MEDIA_ROOT": str(settings.MEDIA_ROOT), "STINT_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}
    with shared_database(tmp_path) as url:
        backup = _run("backup.sh", str(tmp_path / "backup"), env={"DATABASE_URL": url, **files})
    assert backup.returncode == 0, backup.stderr
    assert (tmp_path / "backup" / "files" / "private" / resume_name).read_bytes() == make_pdf()

    # Disaster: the files are gone and the database is restored under a new name.
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT)
    restored = f"stint_drill_{uuid.uuid4().hex[:8]}"
    restored_url = f"postgres://postgres@127.0.0.1:5432/{restored}"
    restored_files = {"STINT_MEDIA_ROOT": str(tmp_path / "m2"), "STINT_PRIVATE_MEDIA_ROOT": str(tmp_path / "p2")}
    try:
        restore = _run("restore.sh", str(tmp_path / "backup"), env={"DATABASE_URL": restored_url, **restored_files})
        assert restore.returncode == 0, restore.stdout + restore.stderr
        assert "ledger" in restore.stdout.lower()
        check = subprocess.run(
            [
                str(ROOT / ".venv/bin/python"),
                "manage.py",
                "shell",
                "-c",
                "from stint.talent.models import TalentProfile as T; from stint.payments.models import LedgerEntry as L;"
                f"p = T.objects.get(resume='{resume_name}'); print(L.objects.count(), p.resume.open('rb').read()[:8])",
            ],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": restored_url, **restored_files},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert check.returncode == 0, check.stderr
        assert check.stdout.strip().splitlines()[-1] == f"{entries} b'%PDF-1.4'"
    finally:
        connection.close()
        _admin(f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)")


def test_a_tampered_dump_is_refused(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "database.dump").write_bytes(b"not a dump")
    (tmp_path / "b" / "MANIFEST").write_text("database_sha256=0000\n")
    result = _run("restore.sh", str(tmp_path / "b"), env={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/nowhere"})
    assert result.returncode != 0
    assert "does not match" in result.stderr
