from __future__ import annotations

import pytest

from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentProfile
from stint.talent.tests.helpers import apply

pytestmark = pytest.mark.django_db

URL = "me/talent-profile"


@pytest.fixture
def skills():
    data = CategoryFactory(slug="data-analysis", name="Data analysis")
    return [
        SkillFactory(slug="sql", label="SQL", category=data),
        SkillFactory(slug="statistics", label="Statistics", category=data),
        SkillFactory(slug="data-visualisation", label="Data visualisation", category=data),
    ]


def payload(skills):
    return {
        "headline": "Economics student who loves data",
        "education": [{"institution": "University of Leeds", "programme": "BSc Economics", "graduation_year": 2027}],
        "skills": [{"skill": str(skills[0].pk), "level": 4}, {"skill": "statistics", "level": 3}],
        "interests": ["data-analysis"],
        "career_goals": "Data analyst in the energy sector.",
        "target_roles": ["Data analyst"],
        "weekly_hours": 15,
        "timezone": "Europe/London",
        "blocked_periods": [{"start": "2027-01-10", "end": "2027-01-24", "reason": "Exams"}],
        "links": ["https://github.com/sam"],
    }


def test_talent_gets_an_empty_profile_with_next_steps(personas, api_client_for):
    response = api_client_for(personas.talent).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["headline"] == "" and body["skills"] == [] and body["resume"] is None
    assert body["completeness"]["percent"] == 0
    assert body["completeness"]["next_steps"][0]["key"] == "headline"
    assert TalentProfile.objects.filter(user=personas.talent).exists()


def test_put_replaces_the_profile_and_returns_skills_with_labels_and_category(personas, api_client_for, skills):
    client = api_client_for(personas.talent)
    response = client.put(URL, payload(skills))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["headline"] == "Economics student who loves data"
    assert body["skills"] == [
        {
            "skill": str(skills[0].pk),
            "slug": "sql",
            "label": "SQL",
            "category": {"slug": "data-analysis", "name": "Data analysis"},
            "level": 4,
        },
        {
            "skill": str(skills[1].pk),
            "slug": "statistics",
            "label": "Statistics",
            "category": {"slug": "data-analysis", "name": "Data analysis"},
            "level": 3,
        },
    ]
    assert body["education"][0]["institution"] == "University of Leeds"
    assert body["blocked_periods"][0]["start"] == "2027-01-10"
    assert body["blocked_periods"][0]["capacity_hours"] is None
    assert body["weekly_hours"] == 15 and body["timezone"] == "Europe/London"
    # headline, education, weekly hours, time zone, career goals, target roles, links: 7 of 9.
    assert body["completeness"]["percent"] == 77
    assert [s["key"] for s in body["completeness"]["next_steps"]] == ["skills", "resume"]

    # What GET returns can be PUT back unchanged (skills carry their id in "skill").
    again = client.put(URL, client.get(URL).json())
    assert again.status_code == 200, again.content
    assert again.json()["skills"] == body["skills"]


def test_put_with_an_empty_list_clears_it(personas, api_client_for, skills):
    client = api_client_for(personas.talent)
    client.put(URL, payload(skills))
    body = client.put(URL, {"skills": [], "links": []}).json()
    assert body["skills"] == [] and body["links"] == []
    assert body["headline"] == "Economics student who loves data"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"skills": [{"skill": "underwater-basket-weaving", "level": 3}]}, "unknown_skill", "skills.0.skill"),
        ({"timezone": "Europe/Atlantis"}, "invalid_timezone", "timezone"),
        ({"weekly_hours": 70}, "invalid_weekly_hours", "weekly_hours"),
        ({"skills": [{"skill": "sql", "level": 9}]}, "invalid_skill_level", "skills.0.level"),
        ({"education": [{"institution": "Leeds", "graduation_year": 1900}]}, "invalid_graduation_year", None),
        ({"blocked_periods": [{"start": "2027-03-01", "end": "2027-02-01"}]}, "blocked_period_end_before_start", None),
        ({"links": ["not a url"]}, "invalid_link", "links.0"),
        ({"career_goals": "z" * 2001}, "career_goals_too_long", "career_goals"),
    ],
)
def test_invalid_put_is_422_with_code_and_changes_nothing(personas, api_client_for, skills, change, code, field):
    client = api_client_for(personas.talent)
    before = client.put(URL, payload(skills)).json()
    response = client.put(URL, {**payload(skills), "headline": "Something new", **change})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code
    if field:
        assert field in [e["field"] for e in problem["errors"]]
    after = client.get(URL).json()
    assert after["headline"] == before["headline"]
    assert after["skills"] == before["skills"]
    assert after["blocked_periods"] == before["blocked_periods"]


def test_malformed_types_are_422(personas, api_client_for):
    response = api_client_for(personas.talent).put(URL, {"blocked_periods": [{"start": "tomorrow", "end": "x"}]})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("persona", ["company_owner", "advisor", "staff"])
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", URL), ("put", URL), ("get", f"{URL}/completeness"), ("delete", f"{URL}/resume")],
)
def test_non_talent_is_refused_with_403(personas, api_client_for, persona, method, path):
    response = getattr(api_client_for(getattr(personas, persona)), method)(path)
    assert response.status_code == 403
    assert response.json()["code"] == "talent_role_required"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", URL),
        ("put", URL),
        ("get", f"{URL}/completeness"),
        ("post", f"{URL}/resume"),
        ("delete", f"{URL}/resume"),
    ],
)
def test_anonymous_gets_401(api_client_for, method, path):
    response = getattr(api_client_for(None), method)(path)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_completeness_endpoint(personas, api_client_for, skills):
    client = api_client_for(personas.talent)
    client.put(URL, {"headline": "Hi", "timezone": "Asia/Tokyo"})
    body = client.get(f"{URL}/completeness").json()
    assert body["percent"] == 22
    assert body["done"] == ["headline", "timezone"]
    assert body["next_steps"][0] == {"key": "skills", "message": "Add at least 3 skills with your level."}


def test_company_member_sees_profile_of_applicant_others_get_404(personas, api_client_for, skills):
    profile = api_client_for(personas.talent).put(URL, payload(skills)).json()
    path = f"talent-profiles/{profile['id']}"
    assert api_client_for(personas.company_member).get(path).status_code == 404
    apply(personas.talent, personas.organization)
    response = api_client_for(personas.company_member).get(path)
    assert response.status_code == 200
    assert response.json()["headline"] == profile["headline"]
    assert response.json()["completeness"] is None
    assert api_client_for(personas.talent).get(path).json()["completeness"]["percent"] == 77
    for outsider in (personas.other_company_member, personas.other_talent, personas.advisor, personas.staff):
        assert api_client_for(outsider).get(path).status_code == 404
    assert api_client_for(None).get(path).status_code == 401


def test_nul_bytes_in_json_are_refused_and_change_nothing(personas, api_client_for):
    # NUL is refused everywhere at the door (stint.core.guard, docs/api.md), not stripped field by field.
    client = api_client_for(personas.talent)
    before = client.get(URL).json()
    response = client.put(
        URL, {"headline": "Data\u0000 nerd", "target_roles": ["Ana\u0000lyst"], "timezone": "UTC\u0000"}
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_characters"
    after = client.get(URL).json()
    assert (after["headline"], after["target_roles"], after["timezone"]) == (
        before["headline"],
        before["target_roles"],
        before["timezone"],
    )
