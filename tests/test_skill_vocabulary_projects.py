"""The skills vocabulary seen from projects (a higher layer): a proposed skill in project rules and
the API, and the project editor accepting a skill outside the curated list."""

from __future__ import annotations

from typing import Any

import pytest

from stint.projects.forms import ProjectForm
from stint.projects.rules import validate_and_resolve
from stint.projects.tests.helpers import api_payload, valid_data
from stint.skills.models import Skill, SkillSource
from stint.skills.proposals import skill_propose, skill_usable_by
from stint.skills.selectors import skill_search
from stint.skills.services import skill_catalog_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(db: Any) -> Any:
    return skill_catalog_import()


def _url(personas: Any) -> str:
    return f"organizations/{personas.organization.pk}/skill-proposals"


def test_a_pending_proposal_is_usable_only_by_the_organizations_that_proposed_it(personas: Any) -> None:
    skill = skill_propose(
        organization_id=personas.organization.pk, actor=personas.company_owner, label="Data hygiene"
    ).skill
    assert skill_usable_by(skill=skill, organization_id=personas.organization.pk)
    assert not skill_usable_by(skill=skill, organization_id=personas.other_organization.pk)
    data = valid_data(skills=[{"skill": skill.slug, "required": True}])
    errors, resolved = validate_and_resolve(data, organization_id=personas.organization.pk)
    assert errors == [] and resolved.skills[0][0] == skill
    errors, _ = validate_and_resolve(data, organization_id=personas.other_organization.pk)
    assert [e["code"] for e in errors] == ["unknown_skill"]
    assert skill_search("data hygiene") == []  # not in the shared search until confirmed


def test_members_propose_through_the_api_and_use_the_skill_in_a_project(personas: Any, api_client_for: Any) -> None:
    response = api_client_for(personas.company_member).post(_url(personas), {"label": "Data hygiene", "note": "CRM"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["outcome"] == "created" and body["pending"] is True
    slug = body["skill"]["slug"]
    again = api_client_for(personas.other_company_member).post(
        f"organizations/{personas.other_organization.pk}/skill-proposals", {"label": "data  hygiene"}
    )
    assert again.status_code == 200 and again.json()["outcome"] == "merged" and again.json()["skill"]["slug"] == slug
    listed = api_client_for(personas.company_owner).get(_url(personas)).json()
    assert [row["skill"]["slug"] for row in listed] == [slug] and listed[0]["organizations"] == 2
    payload = api_payload(skills=[{"skill": slug, "required": True}])
    created = api_client_for(personas.company_owner).post(f"organizations/{personas.organization.pk}/projects", payload)
    assert created.status_code == 201, created.content


def test_the_editor_accepts_a_skill_outside_the_curated_list(catalog: Any, client: Any, personas: Any) -> None:
    """A suggestion adds an ESCO skill; the form accepts it and shows it chosen again."""

    esco = Skill.objects.create(
        slug="data-hygiene-e",
        label="data hygiene",
        source=SkillSource.ESCO,
        esco_uri="http://data.europa.eu/esco/skill/dh",
    )
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.setlist("required_skills", [esco.slug, "spreadsheets"])
    form = ProjectForm(data)
    form.is_valid()
    assert "required_skills" not in form.errors
    assert form.cleaned_data["required_skills"] == [esco.slug, "spreadsheets"]
    required = form.skill_pickers()[0]
    assert required["chosen"][0] == (esco.slug, "data hygiene")
