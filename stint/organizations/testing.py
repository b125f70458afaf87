"""Persona hooks: the company personas belong to organizations.

* ``company_owner`` owns ``personas.organization`` (verified), with ``company_admin`` (admin) and
  ``company_member`` (member) in it;
* ``other_company_member`` owns ``personas.other_organization``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from stint.core.testing.personas import Personas, register_persona_hook
from stint.organizations.choices import MemberRole
from stint.organizations.models import Membership, Organization


def _organization(personas: Personas, attr: str, name: str, slug: str) -> Organization:
    org = personas._cache.get(attr)
    if org is None:
        org, _ = Organization.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "website": f"https://{slug}.example",
                "industry": "Software",
                "description": f"{name} builds software.",
                "verified_at": timezone.now(),
            },
        )
        personas._cache[attr] = org
    return org


def _join(user: Any, org: Organization, role: str) -> None:
    Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role})


def _owner(user: Any, personas: Personas) -> None:
    _join(user, _organization(personas, "organization", "Acme Analytics", "acme"), MemberRole.OWNER)


def _admin(user: Any, personas: Personas) -> None:
    personas.company_owner  # noqa: B018 - make sure the organization has its owner
    _join(user, _organization(personas, "organization", "Acme Analytics", "acme"), MemberRole.ADMIN)


def _member(user: Any, personas: Personas) -> None:
    personas.company_owner  # noqa: B018
    _join(user, _organization(personas, "organization", "Acme Analytics", "acme"), MemberRole.MEMBER)


def _other(user: Any, personas: Personas) -> None:
    _join(user, _organization(personas, "other_organization", "Globex Media", "globex"), MemberRole.OWNER)


register_persona_hook("company_owner", _owner)
register_persona_hook("company_admin", _admin)
register_persona_hook("company_member", _member)
register_persona_hook("other_company_member", _other)
