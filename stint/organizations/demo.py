"""Demo organizations (idempotent: looked up by slug, memberships by user and organization).

Other apps' demo steps can find them by slug, e.g. ``Organization.objects.get(slug="northwind-labs")``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from stint.accounts.choices import Role
from stint.accounts.demo import ensure_user
from stint.core.demo import STEPS
from stint.organizations.choices import MemberRole, OrganizationSize
from stint.organizations.models import Membership, Organization

NADIA = "owner@northwind.example"
LENA = "lena@brightpath.example"
DIEGO = "diego@harborco.example"

EXTRA_COMPANY_USERS = [
    (LENA, "Lena Fischer"),
    (DIEGO, "Diego Alvarez"),
]

# slug, name, industry, size, website, verified, description, [(email, role)]
DEMO_ORGANIZATIONS: list[tuple[str, str, str, str, str, bool, str, list[tuple[str, str]]]] = [
    (
        "northwind-labs",
        "Northwind Labs",
        "Software and data analytics",
        OrganizationSize.MEDIUM,
        "https://northwind.example",
        True,
        "Northwind Labs builds forecasting tools for independent retailers. Micro-interns help us with "
        "market research, data cleaning, dashboard prototypes and customer interviews.",
        [(NADIA, MemberRole.OWNER), (DIEGO, MemberRole.ADMIN)],
    ),
    (
        "brightpath-health",
        "BrightPath Health",
        "Healthcare",
        OrganizationSize.LARGE,
        "https://brightpath.example",
        True,
        "A network of community clinics. We post projects in patient-experience research, health "
        "communication and operations analysis.",
        [(LENA, MemberRole.OWNER)],
    ),
    (
        "harbor-and-co",
        "Harbor & Co.",
        "Marketing agency",
        OrganizationSize.SMALL,
        "https://harborco.example",
        True,
        "A small agency for food and hospitality brands: social media content, SEO audits, "
        "brand design and campaign reporting.",
        [(DIEGO, MemberRole.OWNER)],
    ),
    (
        "verdant-energy-cooperative",
        "Verdant Energy Cooperative",
        "Renewable energy",
        OrganizationSize.XLARGE,
        "https://verdant-energy.example",
        True,
        "A member-owned cooperative running community solar farms. Projects cover policy research, "
        "member surveys, GIS mapping and financial modelling.",
        [(LENA, MemberRole.OWNER), (NADIA, MemberRole.MEMBER)],
    ),
    (
        "quill-and-ledger",
        "Quill & Ledger",
        "Accounting and financial services",
        OrganizationSize.MEDIUM,
        "https://quillledger.example",
        True,
        "Bookkeeping and tax advice for creative freelancers. We need help with spreadsheet "
        "automation, explainer content and client research.",
        [(DIEGO, MemberRole.OWNER)],
    ),
    (
        "atlas-civic-research",
        "Atlas Civic Research",
        "Non-profit research",
        OrganizationSize.SMALL,
        "https://atlascivic.example",
        True,
        "An independent non-profit that studies local government transparency. Students help with "
        "data collection, literature reviews and visualisations.",
        [(LENA, MemberRole.OWNER)],
    ),
    (
        "tidewater-books",
        "Tidewater Books",
        "Publishing",
        OrganizationSize.SOLO,
        "https://tidewaterbooks.example",
        False,
        "A one-person independent publisher of regional travel guides, looking for help with "
        "copy-editing, cover design and newsletter growth.",
        [(DIEGO, MemberRole.OWNER)],
    ),
]


def load_organizations(users: dict[str, Any]) -> None:
    for email, name in EXTRA_COMPANY_USERS:
        users[email] = ensure_user(email, name, Role.COMPANY)
    if NADIA not in users:
        users[NADIA] = ensure_user(NADIA, "Nadia Okafor", Role.COMPANY)
    staff = users.get("staff@stint.example")
    now = timezone.now()
    for slug, name, industry, size, website, verified, description, members in DEMO_ORGANIZATIONS:
        organization, _ = Organization.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "industry": industry,
                "size": size,
                "website": website,
                "description": description,
            },
        )
        if verified and organization.verified_at is None:
            Organization.objects.filter(pk=organization.pk).update(verified_at=now, verified_by=staff)
        for email, role in members:
            Membership.objects.get_or_create(organization=organization, user=users[email], defaults={"role": role})


STEPS.append(load_organizations)
