from __future__ import annotations

import pytest
from django.test import Client

from stint.core.testing.queries import assert_max_queries
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentProfile
from stint.talent.services import talent_profile_update, talent_resume_upload
from stint.talent.tests.helpers import PNG_BYTES, apply, make_pdf, pdf_upload

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def skills():
    data = CategoryFactory(slug="data-analysis", name="Data analysis")
    research = CategoryFactory(slug="research", name="Research")
    return {
        "sql": SkillFactory(slug="sql", label="SQL", category=data),
        "stats": SkillFactory(slug="statistics", label="Statistics", category=data),
        "interviews": SkillFactory(slug="user-interviews", label="User interviews", category=research),
    }


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_data(skills, **overrides):
    data = {
        "headline": "Economics student who loves data",
        "career_goals": "Analyst in the energy sector.",
        "target_roles": "Data analyst\nResearch assistant\n",
        "interests": ["data-analysis"],
        "other_interests": "renewable energy, public health",
        "weekly_hours": "12",
        "timezone": "Europe/Berlin",
        **management("education", 2),
        "education-0-institution": "Humboldt University",
        "education-0-programme": "BSc Economics",
        "education-0-graduation_year": "2027",
        **management("skills", 3),
        "skills-0-skill": str(skills["sql"].pk),
        "skills-0-level": "4",
        "skills-1-skill": str(skills["interviews"].pk),
        "skills-1-level": "2",
        "skills-2-skill": "",
        "skills-2-level": "3",
        **management("blocked", 2),
        "blocked-0-start": "2027-02-01",
        "blocked-0-end": "2027-02-14",
        "blocked-0-reason": "Exams",
        **management("links", 2),
        "links-0-url": "https://github.com/sam",
    }
    data.update(overrides)
    return data


def test_edit_form_round_trip(personas, skills):
    client = client_for(personas.talent)
    page = client.get("/talent/profile/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    # Each skill row is a picker (typo-tolerant autocomplete over a text input), not the whole list.
    assert "<optgroup" not in html and 'data-skill-name="skills-0-skill"' in html
    assert 'name="skills-TOTAL_FORMS"' in html

    response = client.post("/talent/profile/edit/", form_data(skills))
    assert response.status_code == 302 and response["Location"] == "/talent/profile/"
    profile = TalentProfile.objects.get(user=personas.talent)
    assert profile.headline == "Economics student who loves data"
    assert profile.target_roles == ["Data analyst", "Research assistant"]
    assert profile.interests == ["data-analysis", "renewable energy", "public health"]
    assert {(ts.skill.slug, ts.level) for ts in profile.talent_skills.all()} == {("sql", 4), ("user-interviews", 2)}
    assert profile.education.get().programme == "BSc Economics"
    assert profile.blocked_periods.get().reason == "Exams"
    assert profile.links == ["https://github.com/sam"]
    assert profile.weekly_hours_confirmed and profile.timezone_confirmed

    # The saved values come back in the form, plus empty rows to add more.
    html = client.get("/talent/profile/edit/").content.decode()
    assert 'value="Humboldt University"' in html
    assert 'name="skills-INITIAL_FORMS" value="2"' in html
    assert 'name="skills-TOTAL_FORMS" value="5"' in html
    assert 'value="2027-02-01"' in html
    assert "renewable energy, public health" in html

    # Deleting a row removes it.
    data = form_data(skills)
    data.update(management("skills", 3, initial=2))
    data["skills-1-DELETE"] = "on"
    client.post("/talent/profile/edit/", data)
    assert [ts.skill.slug for ts in profile.talent_skills.all()] == ["sql"]


def test_save_and_add_more_rows_returns_to_the_editor(personas, skills):
    response = client_for(personas.talent).post("/talent/profile/edit/", form_data(skills, add_rows="1"))
    assert response.status_code == 302 and response["Location"] == "/talent/profile/edit/"


def test_service_errors_are_shown_next_to_the_fields_and_nothing_is_saved(personas, skills):
    talent_profile_update(user=personas.talent, data={"headline": "Before"})
    data = form_data(
        skills,
        **{
            "blocked-0-end": "2027-01-01",
            "links-0-url": "javascript:alert(1)",
            "skills-1-skill": str(skills["sql"].pk),
        },
    )
    response = client_for(personas.talent).post("/talent/profile/edit/", data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "The last day is before the first day." in html
    assert "Links must be full http:// or https:// addresses." in html
    assert "SQL is listed twice." in html
    assert 'aria-invalid="true"' in html
    assert TalentProfile.objects.get(user=personas.talent).headline == "Before"


def test_form_type_errors_are_422(personas, skills):
    response = client_for(personas.talent).post("/talent/profile/edit/", form_data(skills, weekly_hours="99"))
    assert response.status_code == 422
    assert "less than or equal to 60" in response.content.decode()


def test_own_profile_page_shows_completeness_and_edit_link(personas, skills):
    talent_profile_update(
        user=personas.talent, data={"headline": "Data nerd", "skills": [{"skill": "sql", "level": 3}]}
    )
    response = client_for(personas.talent).get("/talent/profile/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Profile 11% complete" in html
    assert "Add at least 3 skills with your level." in html
    assert 'href="/talent/profile/edit/"' in html
    assert "Upload your résumé" in html


def test_resume_upload_form(personas):
    client = client_for(personas.talent)
    bad = client.post("/talent/profile/resume/", {"file": pdf_upload(content=PNG_BYTES)})
    assert bad.status_code == 422
    assert "This file is not a PDF" in bad.content.decode()
    good = client.post("/talent/profile/resume/", {"file": pdf_upload()})
    assert good.status_code == 302
    profile = TalentProfile.objects.get(user=personas.talent)
    assert profile.resume
    assert f"/talent/{profile.pk}/resume/" in client.get("/talent/profile/").content.decode()
    assert client.post("/talent/profile/resume/delete/").status_code == 302
    profile.refresh_from_db()
    assert not profile.resume


@pytest.mark.parametrize("path", ["/talent/profile/", "/talent/profile/edit/"])
@pytest.mark.parametrize("persona", ["company_owner", "advisor"])
def test_non_talent_gets_403_on_own_profile_pages(personas, path, persona):
    assert client_for(getattr(personas, persona)).get(path).status_code == 403


@pytest.mark.parametrize("path", ["/talent/profile/", "/talent/profile/edit/"])
def test_anonymous_is_sent_to_login(path):
    response = Client().get(path)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_profile_page_for_companies_follows_the_application_rule(personas, skills):
    talent_profile_update(
        user=personas.talent, data={"headline": "Data nerd", "skills": [{"skill": "sql", "level": 3}]}
    )
    talent_resume_upload(user=personas.talent, upload=pdf_upload(content=make_pdf()))
    profile = TalentProfile.objects.get(user=personas.talent)
    path = f"/talent/{profile.pk}/"
    assert client_for(personas.company_member).get(path).status_code == 404
    apply(personas.talent, personas.organization)
    response = client_for(personas.company_member).get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Data nerd" in html and "SQL" in html
    assert f"/talent/{profile.pk}/resume/" in html
    assert "% complete" not in html  # completeness is the talent's own business
    assert client_for(personas.talent).get(path).status_code == 200
    for outsider in (personas.other_talent, personas.other_company_member, personas.advisor):
        assert client_for(outsider).get(path).status_code == 404
    assert Client().get(path).status_code == 302


def test_profile_pages_run_a_bounded_number_of_queries(personas, skills):
    talent_profile_update(
        user=personas.talent,
        data={
            "skills": [{"skill": s.slug, "level": 3} for s in skills.values()],
            "education": [{"institution": f"School {i}"} for i in range(3)],
            "blocked_periods": [{"start": f"2027-01-0{i}", "end": f"2027-01-0{i}"} for i in range(1, 4)],
        },
    )
    client = client_for(personas.talent)
    client.get("/talent/profile/")
    with assert_max_queries(15) as ctx:
        assert client.get("/talent/profile/").status_code == 200
    baseline = len(ctx.captured_queries)
    # More rows do not mean more queries.
    talent_profile_update(
        user=personas.talent,
        data={"education": [{"institution": f"School {i}"} for i in range(8)], "links": ["https://a.example"]},
    )
    with assert_max_queries(baseline):
        assert client.get("/talent/profile/").status_code == 200


def test_completeness_partial_through_the_template_tag(personas):
    from django.template import Context, Template

    template = Template("{% load talent_tags %}{% talent_completeness user %}")
    assert "Profile 0% complete" in template.render(Context({"user": personas.talent}))
    assert template.render(Context({"user": personas.company_owner})).strip() == ""
