"""The editors' skill pickers without JavaScript (issue 16): no page lists the vocabulary; the
chosen skills come back checked, names typed resolve by label in any case, and a name that is no
skill is refused with the closest skills, in the error summary at the top of the editor."""

from __future__ import annotations

import pytest

from stint.projects.models import Project
from stint.projects.tests.helpers import skill_and_category
from stint.projects.tests.view_support import _editor_post
from stint.skills.fields import resolve_skills
from stint.skills.tests.factories import SkillFactory
from stint.talent.models import TalentProfile
from stint.talent.tests.test_views import form_data, management

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    category, skill = skill_and_category()
    other = SkillFactory(slug="sql", label="SQL", category=category)
    return category, skill, other


def test_the_project_editor_lists_no_skills_and_offers_two_pickers(client, personas, catalogue):
    client.force_login(personas.company_owner)
    html = client.get(f"/projects/new/?organization={personas.organization.pk}").content.decode()
    assert 'data-skill-name="required_skills"' in html and 'data-skill-name="nice_skills"' in html
    assert "skills/autocomplete.js" in html
    assert 'value="market-research"' not in html  # nothing is listed before it is chosen
    assert 'hx-trigger="change, skill:change"' in html  # the live checks follow the picker


def test_names_typed_without_javascript_resolve_and_come_back_checked(client, personas, catalogue):
    category, skill, _other = catalogue
    client.force_login(personas.company_owner)
    data = _editor_post(category, skill, required_skills=["MARKET research, sql", ""], nice_skills=["sql"])
    response = client.post(f"/projects/new/?organization={personas.organization.pk}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    project = Project.objects.get(title=data["title"])
    rows = {(ps.skill.slug, ps.required) for ps in project.project_skills.select_related("skill")}
    assert rows == {("market-research", True), ("sql", True)}  # a required skill is not also nice-to-have

    html = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'name="required_skills" value="market-research" checked' in html
    assert 'name="required_skills" value="sql" checked' in html


def test_an_unknown_skill_name_is_refused_with_the_closest_skills_at_the_top(client, personas, catalogue):
    category, skill, _other = catalogue
    client.force_login(personas.company_owner)
    data = _editor_post(category, skill, required_skills=["market-research", "Markt resarch"])
    response = client.post(f"/projects/new/?organization={personas.organization.pk}", data)
    assert response.status_code == 422
    html = response.content.decode()
    summary = html[html.index("error-summary") : html.index("</ul>", html.index("error-summary"))]
    assert "“Markt resarch” is not a skill. Did you mean “Market research”" in summary
    assert 'value="Markt resarch"' in html  # what was typed is kept
    assert 'name="required_skills" value="market-research" checked' in html
    assert not Project.objects.exists()


def test_resolve_skills_takes_slugs_ids_and_labels_once_each(catalogue):
    _category, skill, _other = catalogue
    skills, unknown = resolve_skills([str(skill.pk), "market-research", "Sql, nothing-like-this"])
    assert [s.slug for s in skills] == ["market-research", "sql"]
    assert unknown == ["nothing-like-this"]


def test_the_profile_editor_rows_take_a_name_without_javascript(client, personas):
    _category, skill = skill_and_category()
    client.force_login(personas.talent)
    html = client.get("/talent/profile/edit/").content.decode()
    assert "<optgroup" not in html and 'data-skill-max="1"' in html and "data-formset-empty" in html
    data = form_data({"sql": skill, "interviews": skill}, **management("skills", 2))
    data.update({"skills-0-skill": "market research", "skills-1-skill": "", "interests": ["research"]})
    response = client.post("/talent/profile/edit/", data)
    assert response.status_code == 302
    profile = TalentProfile.objects.get(user=personas.talent)
    assert [ts.skill.slug for ts in profile.talent_skills.all()] == ["market-research"]
    html = client.get("/talent/profile/edit/").content.decode()
    assert 'value="Market research" data-skill-chosen="market-research"' in html

    data["skills-0-skill"] = "no such skill"
    refused = client.post("/talent/profile/edit/", data)
    assert refused.status_code == 422
    assert "“no such skill” is not a skill." in refused.content.decode()
