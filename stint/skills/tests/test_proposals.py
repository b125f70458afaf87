"""Organizations propose missing skills; staff confirm them. Service, API, HTML, and every persona
that must be refused (with nothing changed)."""

from __future__ import annotations

from typing import Any

import pytest

from stint.core.errors import Conflict, PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.skills.models import Skill, SkillProposal, SkillSource
from stint.skills.proposals import skill_proposal_confirm, skill_propose, skill_usable_by
from stint.skills.selectors import skill_search
from stint.skills.tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


def _state() -> tuple[Any, ...]:
    return (
        tuple(Skill.objects.order_by("pk").values_list("pk", "source", "confirmed_at", "maps_to")),
        SkillProposal.objects.count(),
        AuditEvent.objects.filter(code__startswith="skill.").count(),
    )


def _esco_skill() -> Skill:
    return SkillFactory(slug="crm-esco", label="Customer relationship management")


# -- service ------------------------------------------------------------------------------------


def test_a_proposal_is_created_once_and_joined_by_another_organization(personas: Any) -> None:
    first = skill_propose(organization_id=personas.organization.pk, actor=personas.company_owner, label="HubSpot  CRM")
    assert first.outcome == "created"
    assert first.skill.label == "HubSpot CRM" and first.skill.pending and first.skill.source == SkillSource.PROPOSED
    again = skill_propose(organization_id=personas.organization.pk, actor=personas.company_owner, label="hubspot crm")
    other = skill_propose(
        organization_id=personas.other_organization.pk, actor=personas.other_company_member, label="HUBSPOT CRM"
    )
    assert again.skill.pk == other.skill.pk == first.skill.pk
    assert other.outcome == "merged"
    assert Skill.objects.filter(source=SkillSource.PROPOSED).count() == 1
    assert SkillProposal.objects.filter(skill=first.skill).count() == 2
    assert AuditEvent.objects.filter(code="skill.proposed").count() == 2


def test_a_label_already_in_the_vocabulary_returns_that_skill_and_writes_nothing(personas: Any) -> None:
    skill: Skill = SkillFactory(slug="spreadsheets", label="Spreadsheets", synonyms=["excel"])
    before = _state()
    result = skill_propose(organization_id=personas.organization.pk, actor=personas.company_owner, label="Spreadsheets")
    assert (result.outcome, result.skill.pk) == ("existing", skill.pk)
    assert _state() == before


@pytest.mark.parametrize("label", ["", " ", "x", "12345", "a" * 101])
def test_a_bad_label_is_refused_with_nothing_changed(personas: Any, label: str) -> None:
    before = _state()
    with pytest.raises(ValidationFailed) as exc:
        skill_propose(organization_id=personas.organization.pk, actor=personas.company_owner, label=label)
    assert exc.value.code == "skill_label_invalid"
    assert _state() == before


def test_staff_confirm_maps_to_esco_and_opens_the_skill_to_everyone(personas: Any) -> None:
    esco = _esco_skill()
    skill = skill_propose(
        organization_id=personas.organization.pk, actor=personas.company_owner, label="HubSpot CRM"
    ).skill
    confirmed = skill_proposal_confirm(actor=personas.staff, skill=skill, maps_to_id=esco.pk)
    assert not confirmed.pending and confirmed.maps_to == esco
    assert skill_usable_by(skill=confirmed, organization_id=personas.other_organization.pk)
    assert [h.id for h in skill_search("hubspot")] == [skill.pk]
    with pytest.raises(Conflict) as exc:
        skill_proposal_confirm(actor=personas.staff, skill=skill, maps_to_id=esco.pk)
    assert exc.value.code == "skill_already_confirmed"


@pytest.mark.parametrize("persona", ["company_owner", "talent", "other_company_member", "advisor"])
def test_only_staff_confirm_and_nothing_changes_otherwise(personas: Any, persona: str) -> None:
    esco = _esco_skill()
    skill = skill_propose(
        organization_id=personas.organization.pk, actor=personas.company_owner, label="HubSpot CRM"
    ).skill
    before = _state()
    with pytest.raises(PermissionDenied):
        skill_proposal_confirm(actor=getattr(personas, persona), skill=skill, maps_to_id=esco.pk)
    assert _state() == before


def test_confirming_needs_an_esco_concept(personas: Any) -> None:
    skill = skill_propose(
        organization_id=personas.organization.pk, actor=personas.company_owner, label="HubSpot CRM"
    ).skill
    other = skill_propose(
        organization_id=personas.organization.pk, actor=personas.company_owner, label="Zendesk admin"
    ).skill
    before = _state()
    for target in (None, other.pk):
        with pytest.raises(ValidationFailed) as exc:
            skill_proposal_confirm(actor=personas.staff, skill=skill, maps_to_id=target)
        assert exc.value.code == "esco_concept_required"
    assert _state() == before


# -- API ----------------------------------------------------------------------------------------


def _url(personas: Any) -> str:
    return f"organizations/{personas.organization.pk}/skill-proposals"


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 401), ("talent", 404), ("other_company_member", 404), ("advisor", 404)]
)
def test_outsiders_cannot_propose_for_an_organization(
    personas: Any, api_client_for: Any, persona: str, status: int
) -> None:
    user = None if persona == "anonymous" else getattr(personas, persona)
    before = _state()
    response = api_client_for(user).post(_url(personas), {"label": "Data hygiene"})
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/problem+json")
    assert api_client_for(user).get(_url(personas)).status_code == status
    assert _state() == before


def test_the_api_refuses_a_bad_label_with_a_problem(personas: Any, api_client_for: Any) -> None:
    before = _state()
    response = api_client_for(personas.company_owner).post(_url(personas), {"label": "1"})
    assert response.status_code == 422 and response.json()["code"] == "skill_label_invalid"
    assert api_client_for(personas.company_owner).post(_url(personas), {"label": "a" * 101}).status_code == 422
    assert _state() == before


def test_staff_review_and_confirm_through_the_api(personas: Any, api_client_for: Any) -> None:
    esco = _esco_skill()
    skill = skill_propose(
        organization_id=personas.organization.pk, actor=personas.company_owner, label="HubSpot CRM"
    ).skill
    queue = api_client_for(personas.staff).get("skills/proposals")
    assert queue.status_code == 200 and [r["skill"]["id"] for r in queue.json()] == [str(skill.pk)]
    response = api_client_for(personas.staff).post(f"skills/{skill.pk}/confirm", {"maps_to": str(esco.pk)})
    assert response.status_code == 200, response.content
    assert response.json()["maps_to"]["id"] == str(esco.pk) and response.json()["pending"] is False
    again = api_client_for(personas.staff).post(f"skills/{skill.pk}/confirm", {"maps_to": str(esco.pk)})
    assert again.status_code == 409 and again.json()["code"] == "skill_already_confirmed"


@pytest.mark.parametrize(("persona", "status"), [("anonymous", 401), ("company_owner", 403), ("talent", 403)])
def test_non_staff_cannot_review_or_confirm_through_the_api(
    personas: Any, api_client_for: Any, persona: str, status: int
) -> None:
    esco = _esco_skill()
    skill = skill_propose(
        organization_id=personas.organization.pk, actor=personas.company_owner, label="HubSpot CRM"
    ).skill
    user = None if persona == "anonymous" else getattr(personas, persona)
    before = _state()
    assert api_client_for(user).get("skills/proposals").status_code == status
    assert api_client_for(user).post(f"skills/{skill.pk}/confirm", {"maps_to": str(esco.pk)}).status_code == status
    assert _state() == before


def test_a_pending_skill_is_hidden_from_the_public_detail(personas: Any, api_client_for: Any) -> None:
    skill = skill_propose(
        organization_id=personas.organization.pk, actor=personas.company_owner, label="HubSpot CRM"
    ).skill
    assert api_client_for(None).get(f"skills/{skill.pk}").status_code == 404


# -- HTML ---------------------------------------------------------------------------------------


def test_a_member_proposes_through_the_page(client: Any, personas: Any) -> None:
    client.force_login(personas.company_member)
    url = f"/organizations/{personas.organization.pk}/skills/propose/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"label": "Data hygiene", "note": ""}, follow=True)
    assert response.status_code == 200
    assert "Data hygiene" in response.content.decode()
    assert Skill.objects.filter(source=SkillSource.PROPOSED, label="Data hygiene").count() == 1
    bad = client.post(url, {"label": "x"})
    assert bad.status_code == 422 and "at least one letter" in bad.content.decode()


@pytest.mark.parametrize("persona", ["talent", "other_company_member"])
def test_outsiders_get_404_on_the_proposal_page(client: Any, personas: Any, persona: str) -> None:
    client.force_login(getattr(personas, persona))
    url = f"/organizations/{personas.organization.pk}/skills/propose/"
    before = _state()
    assert client.get(url).status_code == 404
    assert client.post(url, {"label": "Data hygiene"}).status_code == 404
    assert _state() == before


def test_anonymous_is_sent_to_log_in(client: Any, personas: Any) -> None:
    response = client.post(f"/organizations/{personas.organization.pk}/skills/propose/", {"label": "Data hygiene"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Skill.objects.filter(source=SkillSource.PROPOSED).exists()


def test_staff_confirm_on_the_review_page(client: Any, personas: Any) -> None:
    esco = _esco_skill()
    skill = skill_propose(
        organization_id=personas.organization.pk,
        actor=personas.company_owner,
        label="Customer relationship management tools",
    ).skill
    client.force_login(personas.staff)
    page = client.get("/skills/proposals/")
    assert page.status_code == 200 and "Customer relationship management tools" in page.content.decode()
    assert str(esco.pk) in page.content.decode()  # offered as the nearest concept
    response = client.post(f"/skills/proposals/{skill.pk}/confirm", {"maps_to": str(esco.pk)})
    assert response.status_code == 302
    skill.refresh_from_db()
    assert skill.maps_to == esco and not skill.pending


@pytest.mark.parametrize("persona", ["company_owner", "talent"])
def test_non_staff_get_403_on_the_review_page(client: Any, personas: Any, persona: str) -> None:
    esco = _esco_skill()
    skill = skill_propose(
        organization_id=personas.organization.pk, actor=personas.company_owner, label="HubSpot CRM"
    ).skill
    client.force_login(getattr(personas, persona))
    before = _state()
    assert client.get("/skills/proposals/").status_code == 403
    assert client.post(f"/skills/proposals/{skill.pk}/confirm", {"maps_to": str(esco.pk)}).status_code == 403
    assert _state() == before
