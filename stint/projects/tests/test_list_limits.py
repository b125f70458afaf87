"""``GET /projects?skills=…`` costs one bounded subquery, whatever the number of skills (issue 9).

Each value used to add two joins: 30 values took 8 s to plan and 500 ran for 12 minutes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stint.core.errors import ValidationFailed
from stint.core.schemas import MAX_FILTER_VALUES
from stint.matching.indexing import reindex_projects
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import SkillFactory


@pytest.fixture
def catalogue(db):
    skills = [SkillFactory(slug=f"skill-{i}") for i in range(MAX_FILTER_VALUES)]
    both = ProjectFactory(title="Both skills")
    ProjectSkillFactory(project=both, skill=skills[0])
    ProjectSkillFactory(project=both, skill=skills[1])
    only_first = ProjectFactory(title="First skill only")
    ProjectSkillFactory(project=only_first, skill=skills[0])
    reindex_projects()  # GET /projects is answered by the search engine
    return skills, both, only_first


def _listing_sql(client, skills):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("projects", {"skills": ",".join(skills)})
    assert response.status_code == 200, response.content
    return response, [q["sql"] for q in queries.captured_queries if "projects_project" in q["sql"]]


def test_every_skill_must_match_by_id_or_slug(catalogue, api_client_for):
    skills, _, _ = catalogue
    client = api_client_for(None)
    titles = lambda values: [i["title"] for i in client.get("projects", {"skills": values}).json()["items"]]  # noqa: E731
    assert titles(f"{skills[0].slug},{skills[1].pk}") == ["Both skills"]
    assert sorted(titles(skills[0].slug)) == ["Both skills", "First skill only"]
    assert titles(f"{skills[0].slug},{skills[0].pk}") != []  # one skill named twice counts once
    assert titles(f"{skills[0].slug},no-such-skill") == []


def test_the_skills_filter_is_one_subquery_whatever_the_number_of_values(catalogue, api_client_for):
    skills, _, _ = catalogue
    client = api_client_for(None)
    _, two = _listing_sql(client, [s.slug for s in skills[:2]])
    _, many = _listing_sql(client, [s.slug for s in skills])
    # The same filtering statements, and the skill table is read the same number of times: no join
    # per value (the statements loading the page's projects depend on how many matched).
    two = [sql for sql in two if "projects_projectskill" in sql]
    many = [sql for sql in many if "projects_projectskill" in sql]
    assert two and len(two) == len(many)
    assert [sql.count("projects_projectskill") for sql in two] == [sql.count("projects_projectskill") for sql in many]
    assert max(sql.count("JOIN") for sql in many) <= 3


def test_more_skills_than_the_cap_are_refused(catalogue, api_client_for):
    values = ",".join(f"s{i}" for i in range(MAX_FILTER_VALUES + 1))
    response = api_client_for(None).get("projects", {"skills": values})
    assert response.status_code == 422
    assert response.json()["code"] == "too_many_values"


def test_the_selector_refuses_more_skills_than_the_cap_for_every_caller(db):
    from stint.projects.selectors import ProjectFilters, project_list_public

    with pytest.raises(ValidationFailed) as caught:
        list(project_list_public(ProjectFilters(skills=[f"s{i}" for i in range(MAX_FILTER_VALUES + 1)])))
    assert caught.value.code == "too_many_values"
