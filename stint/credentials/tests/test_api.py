"""The credentials API for every persona: the credential and its status are public; revocation is
staff's; endorsements are the hiring company's; the portfolio settings and the résumé are the
talent's. Refused personas change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

from stint.credentials.models import Credential, Endorsement, Portfolio, Publication
from stint.projects.models import ProjectSkill
from stint.skills.tests.factories import SkillFactory
from stint.talent.models import Education, TalentSkill
from stint.talent.selectors import talent_profile_for_user

pytestmark = pytest.mark.django_db
SCHEMA = json.loads((Path(__file__).parent / "jsonresume-schema-1.3.1.json").read_text())
OUTSIDERS = ("other_company_member", "talent", "other_talent", None)


def _user(personas, name):
    return getattr(personas, name) if name else None


@pytest.mark.parametrize("who", ["company_owner", "other_company_member", "talent", "other_talent", None])
def test_the_credential_and_its_status_are_public(approved, personas, api_client_for, who):
    credential = Credential.objects.get(engagement=approved)
    client = api_client_for(_user(personas, who))
    body = client.get(f"credentials/{credential.pk}").json()
    assert body["jwt"] == credential.jwt and body["credential"]["id"] == f"urn:uuid:{credential.pk}"
    assert body["verify_url"].endswith(f"/credentials/{credential.pk}/")
    status = client.get(f"credentials/{credential.pk}/status").json()
    assert status["status"] == "active" and status["status_list_index"] == credential.status_index


def test_an_unknown_credential_is_404(api_client_for):
    response = api_client_for(None).get("credentials/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404 and response.json()["code"] == "credential_not_found"


def test_verify_endpoint(approved, api_client_for):
    credential = Credential.objects.get(engagement=approved)
    client = api_client_for(None)
    ok = client.post("credentials/verify", {"credential": credential.jwt}).json()
    assert ok["state"] == "verified" and ok["achievement"] == approved.project.title
    as_json = client.post("credentials/verify", {"credential": json.dumps({"jwt": credential.jwt})}).json()
    assert as_json["state"] == "verified"
    assert client.post("credentials/verify", {"credential": "not a jwt"}).json()["state"] == "invalid"


def test_staff_revoke_and_the_status_says_so(approved, personas, api_client_for):
    credential = Credential.objects.get(engagement=approved)
    response = api_client_for(personas.staff).post(f"credentials/{credential.pk}/revoke", {"reason": "Fraud found"})
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert api_client_for(None).get(f"credentials/{credential.pk}/status").json()["status"] == "revoked"


@pytest.mark.parametrize("who", ["company_owner", "talent", "other_talent", None])
def test_others_cannot_revoke(approved, personas, api_client_for, who):
    credential = Credential.objects.get(engagement=approved)
    response = api_client_for(_user(personas, who)).post(f"credentials/{credential.pk}/revoke", {"reason": "x"})
    assert response.status_code == (401 if who is None else 404)
    assert Credential.objects.get(pk=credential.pk).status == "active"


def _endorse_body(approved):
    skill_id = ProjectSkill.objects.filter(project=approved.project).values_list("skill_id", flat=True).first()
    return {"skills": [{"skill_id": str(skill_id), "level": 4}], "confidential": False, "public_summary": "A survey."}


def test_the_owner_endorses_skills_and_publishes_a_summary(approved, personas, api_client_for):
    client = api_client_for(personas.company_owner)
    endorsable = client.get(f"engagements/{approved.pk}/endorsements").json()["endorsable"]
    labels = {s["label"] for s in endorsable}
    assert {"Communication", "Time management", "Problem solving", "Project management"} <= labels
    body = _endorse_body(approved)
    transferable = next(s for s in endorsable if s["label"] == "Communication")
    body["skills"].append({"skill_id": transferable["skill_id"], "level": 5})
    response = client.put(f"engagements/{approved.pk}/endorsements", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert sorted(s["level"] for s in data["skills"]) == [4, 5]
    assert data["confidential"] is False and data["public_summary"] == "A survey."
    assert Endorsement.objects.get(engagement=approved, transferable=True).skill.label == "Communication"
    # The talent reads them.
    assert len(api_client_for(personas.talent).get(f"engagements/{approved.pk}/endorsements").json()["skills"]) == 2


@pytest.mark.parametrize("who", OUTSIDERS)
def test_no_one_else_endorses(approved, personas, api_client_for, who):
    response = api_client_for(_user(personas, who)).put(
        f"engagements/{approved.pk}/endorsements", _endorse_body(approved)
    )
    # The engagement's talent is on the wrong side (403 `wrong_side`); everyone else 404.
    assert response.status_code == (401 if who is None else 403 if who == "talent" else 404)
    if who == "talent":
        assert response.json()["code"] == "wrong_side"
    assert not Endorsement.objects.exists() and not Publication.objects.exists()


def test_endorsing_a_foreign_skill_or_a_bad_level_is_refused(approved, personas, api_client_for):
    client = api_client_for(personas.company_owner)
    body = {"skills": [{"skill_id": str(SkillFactory().pk), "level": 3}]}
    response = client.put(f"engagements/{approved.pk}/endorsements", body)
    assert response.status_code == 422 and response.json()["code"] == "invalid_endorsements"
    body = _endorse_body(approved)
    body["skills"][0]["level"] = 6
    assert client.put(f"engagements/{approved.pk}/endorsements", body).status_code == 422
    body = _endorse_body(approved)
    body["public_summary"] = ""
    assert client.put(f"engagements/{approved.pk}/endorsements", body).json()["code"] == "invalid_endorsements"
    assert not Endorsement.objects.exists() and not Publication.objects.exists()


def test_portfolio_settings_through_the_api(approved, personas, api_client_for):
    client = api_client_for(personas.talent)
    assert client.get("me/portfolio").json()["published"] is False
    body = {"slug": "sam-rivera", "published": True, "hidden_engagements": [str(approved.pk)]}
    data = client.put("me/portfolio", body).json()
    assert data["url"].endswith("/portfolio/sam-rivera/") and data["hidden_engagements"] == [str(approved.pk)]
    taken = api_client_for(personas.other_talent).put("me/portfolio", {"slug": "sam-rivera"})
    assert taken.status_code == 409 and taken.json()["code"] == "slug_taken"
    bad = client.put("me/portfolio", {"slug": "Not OK!", "published": True})
    assert bad.status_code == 422 and Portfolio.objects.get(user=personas.talent).slug == "sam-rivera"
    not_mine = api_client_for(personas.other_talent).put(
        "me/portfolio", {"slug": "x-y-z", "hidden_engagements": [str(approved.pk)]}
    )
    assert not_mine.status_code == 422


@pytest.mark.parametrize("who", ["company_owner", None])
def test_only_talent_have_a_portfolio_and_a_resume(personas, api_client_for, who):
    client = api_client_for(_user(personas, who))
    expected = 401 if who is None else 403
    assert client.put("me/portfolio", {"slug": "owner-page", "published": True}).status_code == expected
    assert client.get("me/resume.json").status_code == expected
    assert not Portfolio.objects.filter(slug="owner-page").exists()


def test_the_resume_of_an_empty_profile_is_valid_json_resume(personas, api_client_for):
    resume = api_client_for(personas.other_talent).get("me/resume.json").json()
    jsonschema_rs.validator_for(SCHEMA, validate_formats=True).validate(resume)
    assert resume["projects"] == [] and resume["basics"]["name"] == personas.other_talent.name


def test_the_resume_of_a_full_profile_is_valid_and_links_each_credential(approved, personas, api_client_for):
    profile = talent_profile_for_user(personas.talent)
    profile.headline = "Economics student"
    profile.links = ["https://example.org/me"]
    profile.save()
    Education.objects.create(profile=profile, institution="Uni", programme="Economics", graduation_year=2027)
    skill_id = ProjectSkill.objects.filter(project=approved.project).values_list("skill_id", flat=True).first()
    assert skill_id is not None
    TalentSkill.objects.create(profile=profile, skill_id=skill_id, level=4)
    api_client_for(personas.company_owner).put(f"engagements/{approved.pk}/endorsements", _endorse_body(approved))
    api_client_for(personas.talent).put("me/portfolio", {"slug": "sam-r", "published": True})
    resume = api_client_for(personas.talent).get("me/resume.json").json()
    jsonschema_rs.validator_for(SCHEMA, validate_formats=True).validate(resume)
    credential = Credential.objects.get(engagement=approved)
    assert resume["projects"][0]["url"].endswith(f"/credentials/{credential.pk}/")
    assert resume["certificates"][0]["url"] == resume["projects"][0]["url"]
    assert resume["basics"]["url"].endswith("/portfolio/sam-r/")
    assert resume["education"][0]["endDate"] == "2027"
    assert personas.talent.email not in json.dumps(resume)
