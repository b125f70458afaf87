from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from stint.privacy.catalogue import EXPORT, NOT_EXPORTED, exported_links
from stint.privacy.export import build_zip, export_documents
from stint.privacy.tests.conftest import NAME, PHONE

pytestmark = pytest.mark.django_db

# Tables that must hold rows for a talent who applied, worked, was paid, messaged and joined a cohort.
EXPECTED_NON_EMPTY = {
    "account", "email_addresses", "talent_profile", "education", "applications", "engagements",
    "time_entries", "submissions", "submission_files", "reviews_received", "messages_written",
    "notifications", "capacity_pattern", "saved_searches", "credentials", "portfolio",
    "cohort_memberships", "nominations", "references_asked", "pool_notes_about_you", "pool_tags_about_you",
    "follows", "connections_as_talent", "references_on_your_portfolio", "ledger_accounts", "ledger_transactions", "payouts", "activity_log",
}  # fmt: skip


def read_zip(content: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_every_user_link_in_the_schema_is_exported_or_said_why_not() -> None:
    user_model = get_user_model()
    links = exported_links()
    missing = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is user_model:
                label = f"{model._meta.label}.{f.name}"
                if label not in links and label not in NOT_EXPORTED:
                    missing.append(label)
    assert missing == []


def test_the_zip_holds_all_of_the_users_records_and_none_of_another_users(full_users: Any) -> None:
    a, b = full_users
    files = read_zip(build_zip(a))
    names = {n.removesuffix(".json") for n in files if n.endswith(".json")}
    assert names == {t.name for t in EXPORT}
    docs = {n: json.loads(files[f"{n}.json"]) for n in names}
    assert {n for n, rows in docs.items() if rows} >= EXPECTED_NON_EMPTY
    for table in EXPORT:  # every row the catalogue selects is there, and nothing else
        expected = sorted(str(pk) for pk in table.rows(a).values_list("pk", flat=True))
        assert sorted(str(r["id"]) for r in docs[table.name]) == expected, table.name
    assert any(name.startswith("files/") and b"resume of " + NAME["talent"].encode() in files[name] for name in files)
    text = b"".join(files.values()).decode("utf-8", "replace")
    assert a.email in text and PHONE["talent"] in text
    assert b.email not in text and NAME["other_talent"] not in text and PHONE["other_talent"] not in text
    b_docs = export_documents(b)
    for table in EXPORT:  # none of B's rows, in any table
        b_ids = {str(row["id"]) for row in b_docs[table.name]}
        assert not b_ids & {str(row["id"]) for row in docs[table.name]}, table.name
    uuids = {str(row["id"]) for rows in b_docs.values() for row in rows if len(str(row["id"])) == 36}
    assert uuids and not {i for i in uuids if i in text}
    assert "password" not in docs["account"][0] and "pbkdf2" not in text and "argon2" not in text
