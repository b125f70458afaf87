"""The vocabulary of the permission matrix (``tests/test_permission_matrix.py``): persona groups,
how a row says who is allowed and what the others get, and the world objects paths name."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from tests.permission_world import PERSONAS, World

COMPANIES = ("company_owner", "company_admin", "company_member", "other_company_member")
MEMBERS = ("company_owner", "company_admin", "company_member")  # of Acme, the world's organization
MANAGERS = ("company_owner", "company_admin")
TALENTS = ("talent", "other_talent")
ADVISORS = ("advisor", "other_advisor")
EVERYONE = PERSONAS
PUBLIC = "public"  # anonymous is let through (the OpenAPI marks the operation public)

Body = Callable[[World], tuple[str, Any]]


def others(*allowed: str, status: int = 404) -> dict[str, int]:
    """Every persona not in ``allowed`` gets ``status``."""
    return {p: status for p in PERSONAS if p not in allowed}


def role(status: int, *personas: str) -> dict[str, int]:
    return dict.fromkeys(personas, status)


def json(data: Callable[[World], Any] | Any) -> Body:
    return lambda w: ("json", data(w) if callable(data) else data)


def today(days: int = 0) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@dataclass(frozen=True)
class Variant:
    """The same operation on another object of the world, for personas who must not reach it."""

    target: dict[str, str]
    refused: dict[str, int]


@dataclass(frozen=True)
class Row:
    allowed: tuple[str, ...]
    refused: dict[str, int]
    # path parameter → world object, "user:<persona>" or a literal "value:<text>"
    target: dict[str, str] = field(default_factory=dict)
    anonymous: int | str = 401
    body: Body | None = None
    variants: tuple[Variant, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)


ENGAGEMENT = {"engagement_id": "engagement"}
APPLICATION = {"application_id": "application"}
ORGANIZATION = {"organization_id": "organization"}
ON_OPEN = {"project_id": "project_open"}
INSTITUTION = {"institution_id": "institution"}
COHORT = {"cohort_id": "cohort"}
POOL_TALENT = {**ORGANIZATION, "talent_id": "user:talent"}
# ``other_talent`` never worked with or applied to Acme: not in its pool, so a 404 for Acme too.
NOT_IN_POOL = (Variant({**ORGANIZATION, "talent_id": "user:other_talent"}, role(404, *MEMBERS)),)
NOT_IN_POOL_TAG = (
    Variant({**ORGANIZATION, "talent_id": "user:other_talent", "name": "value:writer"}, role(404, *MEMBERS)),
)
CREDENTIAL = {"credential_id": "credential"}
PAID = {"engagement_id": "paid_engagement"}
INVOICE = {**ORGANIZATION, "invoice_id": "invoice"}
OTHER_INVOICE = {**ORGANIZATION, "invoice_id": "other_invoice"}
ON_DRAFT = {"project_id": "project_draft"}
# ``talent`` reaches the unlisted project through its cohort's share and a pool invitation;
# ``other_talent`` has no way in, so its page and everything on it are a 404.
DRAFT_HIDDEN = (
    Variant(ON_DRAFT, role(404, *TALENTS)),
    Variant({"project_id": "project_unlisted"}, role(404, "other_talent")),
)
TALENT_ONLY = role(403, *COMPANIES, *ADVISORS, "staff")  # `talent_role_required` on the caller's own resources
ENGAGEMENT_OUTSIDERS = role(404, "other_company_member", "other_talent", *ADVISORS, "staff")
