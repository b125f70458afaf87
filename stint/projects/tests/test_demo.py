from __future__ import annotations

import pytest

from stint.demo.loader import DEMO_USERS, ensure_user
from stint.demo.payments import publish_demo_projects
from stint.organizations.demo import load_organizations
from stint.projects.choices import ProjectStatus
from stint.projects.demo import DEMO_PROJECTS, load_projects
from stint.projects.models import Project
from stint.projects.rules import project_data_from_instance, project_validate
from stint.skills.demo import load_skills
from stint.skills.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    users = {u.email: ensure_user(u.email, u.name, u.role) for u in DEMO_USERS}
    load_skills(users)
    load_organizations(users)
    return users


def _load(users):
    load_projects(users)
    publish_demo_projects(users)


def test_demo_projects_cover_every_category_and_are_idempotent(demo_world):
    _load(demo_world)
    count = Project.objects.count()
    assert count >= 25
    _load(demo_world)
    assert Project.objects.count() == count

    open_public = Project.objects.filter(status=ProjectStatus.OPEN, visibility="public")
    assert open_public.count() >= 22
    assert set(Category.objects.values_list("slug", flat=True)) <= set(
        open_public.values_list("category__slug", flat=True)
    )
    assert Project.objects.filter(status=ProjectStatus.DRAFT).count() == 2
    assert Project.objects.filter(status=ProjectStatus.PENDING_REVIEW).count() == 1
    assert set(Project.objects.values_list("external_id", flat=True)) == {f"demo-{p.n}" for p in DEMO_PROJECTS}
    for project in Project.objects.prefetch_related("project_skills"):
        assert project_validate(project_data_from_instance(project)) == [], project.external_id
        assert project.project_skills.filter(required=True).exists()


def test_demo_projects_skip_without_organizations(db):
    load_projects({})
    assert not Project.objects.exists()


def test_demo_has_projects_in_other_zones_and_languages(demo_world):
    _load(demo_world)
    by_id = {p.external_id: p for p in Project.objects.filter(external_id__in=["demo-28", "demo-29", "demo-30"])}
    assert (by_id["demo-28"].time_zone, by_id["demo-28"].language, by_id["demo-28"].overlap_hours) == (
        "Europe/Berlin",
        "de",
        2,
    )
    assert (by_id["demo-29"].time_zone, by_id["demo-29"].language) == ("America/Sao_Paulo", "pt")
    assert (by_id["demo-30"].time_zone, by_id["demo-30"].language) == ("Africa/Lagos", "en")
