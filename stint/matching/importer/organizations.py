"""Importing organizations and their owners."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from stint.matching.importer.base import (
    ImportReport,
    RowError,
    fast_update,
)
from stint.matching.importer.reading import (
    _chunks,
    _text,
)
from stint.matching.importer.users import (
    Users,
    _email,
)
from stint.organizations.choices import MemberRole, OrganizationSize
from stint.organizations.models import Membership, Organization

# --- Organizations ---------------------------------------------------------------------------------


Valid = list[tuple[int, dict[str, Any], dict[str, Any]]]
FIELDS = ["name", "website", "industry", "size", "description", "verified_at"]


def import_organizations(rows: list[tuple[int, dict[str, Any]]], report: ImportReport, users: Users) -> None:
    valid = _valid_rows(rows, report)
    owners = {
        v["owner"]["email"]: {"role": "company", "password": v["owner"]["password"]}
        for _, _, v in valid
        if v["owner"]["email"]
    }
    owner_users = users.ensure(owners) if owners else {}
    now = timezone.now()
    for chunk in _chunks(valid):
        _write_chunk(chunk, report, owner_users, now)


def _valid_rows(rows: list[tuple[int, dict[str, Any]]], report: ImportReport) -> Valid:
    """Step 1: check each row; a bad row is skipped with its reason."""
    valid: Valid = []
    for number, obj in rows:
        try:
            values = _row_values(obj)
        except RowError as exc:
            report.skip(number, str(exc))
            continue
        valid.append((number, obj, values))
    return valid


def _row_values(obj: dict[str, Any]) -> dict[str, Any]:
    sizes = set(OrganizationSize.values)
    values = {
        "name": _text(obj, "name", 150, required=True),
        "website": _text(obj, "website", 200),
        "industry": _text(obj, "industry", 100),
        "size": _text(obj, "size", 16),
        "description": _text(obj, "description", 5000),
    }
    if values["website"] and not re.match(r"^https?://", values["website"]):
        raise RowError("website must start with http:// or https://")
    if values["size"] and values["size"] not in sizes:
        raise RowError(f"size must be one of {', '.join(sorted(sizes))}")
    owner = {"email": _email(obj, "owner_email", required=False), "password": obj.get("owner_password")}
    if owner["password"] is not None and not isinstance(owner["password"], str):
        raise RowError("owner_password must be a string")
    return {**values, "verified": bool(obj.get("verified")), "owner": owner}


def _write_chunk(chunk: Valid, report: ImportReport, owner_users: dict[str, Any], now: Any) -> None:
    """Step 2: create or update a chunk of organizations and their owners' memberships in one transaction."""
    existing = {
        o.external_id: o for o in Organization.objects.filter(external_id__in=[o["external_id"] for _, o, _ in chunk])
    }
    creates, updates, memberships = [], [], []
    for _, obj, values in chunk:
        org = existing.get(obj["external_id"])
        verified_at = (org.verified_at if org and org.verified_at else now) if values["verified"] else None
        if org is None:
            digest = hashlib.sha256(obj["external_id"].encode()).hexdigest()[:8]
            org = Organization(
                external_id=obj["external_id"],
                slug=f"{slugify(values['name'])[:140] or 'org'}-{digest}",
                **{k: values[k] for k in FIELDS if k != "verified_at"},
                verified_at=verified_at,
            )
            creates.append(org)
        else:
            for key in FIELDS[:-1]:
                setattr(org, key, values[key])
            org.verified_at = verified_at
            updates.append(org)
        if values["owner"]["email"]:
            memberships.append(
                Membership(organization=org, user=owner_users[values["owner"]["email"]], role=MemberRole.OWNER)
            )
    with transaction.atomic():
        Organization.objects.bulk_create(creates, batch_size=500)
        fast_update(Organization, updates, FIELDS)
        Membership.objects.bulk_create(memberships, batch_size=500, ignore_conflicts=True)
    report.created["organization"] += len(creates)
    report.updated["organization"] += len(updates)
