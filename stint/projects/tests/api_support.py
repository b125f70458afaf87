"""Shared by the project API tests: the personas, and a draft made through the API."""

from __future__ import annotations

from stint.projects.tests.helpers import api_payload

PERSONAS = [
    "company_owner",
    "company_member",
    "other_company_member",
    "talent",
    "other_talent",
    "advisor",
    "staff",
    "anonymous",
]


def _user(personas, name):
    return None if name == "anonymous" else getattr(personas, name)


def _draft(personas, api_client_for):
    response = api_client_for(personas.company_owner).post(
        f"organizations/{personas.organization.pk}/projects", api_payload()
    )
    return response.json()["id"]
