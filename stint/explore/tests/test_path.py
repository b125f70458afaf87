"""'Where can this take me?': verified, declared and missing skills, and the projects closing the gap."""

from __future__ import annotations

import pytest

from stint.applications.tests.factories import ApplicationFactory
from stint.core.errors import NotAuthenticated, PermissionDenied
from stint.core.testing.queries import assert_max_queries
from stint.credentials.models import Endorsement
from stint.explore.path import DECLARED, MISSING, VERIFIED, career_path
from stint.payments.tests.factories import engagement_for
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.tests.factories import ProjectFactory, ProjectSkillFactory
from stint.skills.tests.factories import SkillFactory
from stint.talent.models import TalentSkill
from stint.talent.tests.factories import TalentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, occupation, fixed_skills):
    sql, stats, viz, excel = (SkillFactory(label=x) for x in ("SQL", "Statistics", "Data visualisation", "Excel"))
    fixed_skills([sql, stats, viz, excel])
    talent = personas.talent
    profile = TalentProfileFactory(user=talent)
    TalentSkill.objects.create(profile=profile, skill=stats, level=4)
    TalentSkill.objects.create(profile=profile, skill=sql, level=2)
    # SQL endorsed on approved work (verified beats declared); Excel endorsed on work not yet approved.
    approved = engagement_for(ProjectFactory(), talent=talent, status="approved")
    Endorsement.objects.create(engagement=approved, talent=talent, skill=sql, level=4)
    active = engagement_for(ProjectFactory(), talent=talent, status="active")
    Endorsement.objects.create(engagement=active, talent=talent, skill=excel, level=3)
    return {"sql": sql, "stats": stats, "viz": viz, "excel": excel}


def test_skills_are_verified_declared_or_missing(personas, occupation, world):
    path = career_path(user=personas.talent, occupation=occupation)
    got = {s.skill.label: (s.status, s.endorsements, s.level) for s in path.skills}
    assert got == {
        "SQL": (VERIFIED, 1, 2),
        "Statistics": (DECLARED, 0, 4),
        "Data visualisation": (MISSING, 0, None),
        "Excel": (MISSING, 0, None),  # endorsed only on work that is not approved
    }
    assert [s.skill.label for s in path.gap] == ["Data visualisation", "Excel"]


def test_projects_that_close_the_gap_most_first(personas, occupation, world):
    both = ProjectFactory(title="Both gap skills")
    ProjectSkillFactory(project=both, skill=world["viz"])
    ProjectSkillFactory(project=both, skill=world["excel"])
    one = ProjectFactory(title="One gap skill")
    ProjectSkillFactory(project=one, skill=world["excel"])
    ProjectSkillFactory(project=one, skill=world["sql"])
    applied = ProjectFactory(title="Already applied")
    ProjectSkillFactory(project=applied, skill=world["viz"])
    ApplicationFactory(project=applied, talent=personas.talent)
    for title, kw in (
        ("Nice to have only", {}),
        ("Closed", {"status": ProjectStatus.CLOSED}),
        ("Unlisted", {"visibility": Visibility.UNLISTED}),
    ):
        p = ProjectFactory(title=title, **kw)
        ProjectSkillFactory(project=p, skill=world["viz"], required=bool(kw))
    with assert_max_queries(6):
        path = career_path(user=personas.talent, occupation=occupation)
    assert [(g.project.title, g.closes) for g in path.projects] == [
        ("Both gap skills", ["Data visualisation", "Excel"]),
        ("One gap skill", ["Excel"]),
    ]


def test_nothing_missing_means_no_projects(personas, occupation, fixed_skills):
    skill = SkillFactory(label="Statistics")
    fixed_skills([skill])
    TalentSkill.objects.create(profile=TalentProfileFactory(user=personas.talent), skill=skill, level=3)
    path = career_path(user=personas.talent, occupation=occupation)
    assert path.gap == [] and path.projects == []


def test_only_talent_has_a_path(personas, occupation, fixed_skills):
    fixed_skills([])
    with pytest.raises(PermissionDenied):
        career_path(user=personas.company_owner, occupation=occupation)
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAuthenticated):
        career_path(user=AnonymousUser(), occupation=occupation)


def test_another_talents_skills_do_not_count(personas, occupation, world):
    path = career_path(user=personas.other_talent, occupation=occupation)
    assert {s.status for s in path.skills} == {MISSING}
