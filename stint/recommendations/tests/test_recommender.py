from __future__ import annotations

import re
from typing import Any

import pytest

from stint.applications.tests.factories import ApplicationFactory
from stint.core.errors import NotAuthenticated, PermissionDenied
from stint.core.languages import language_name
from stint.core.timezones import overlap_minutes
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project, ProjectInvitation, ProjectSkill
from stint.recommendations import features as F
from stint.recommendations.models import ProjectEmbedding
from stint.recommendations.recommender import recommend_projects_for_talent
from stint.recommendations.tests import helpers as h
from stint.talent.models import TalentSkill

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills() -> dict[str, Any]:
    names = ["python", "sql", "statistics", "spreadsheets", "data-visualisation", "copywriting", "logo-design"]
    return {n: h.skill(n) for n in names}


@pytest.fixture
def analyst(personas, skills) -> Any:
    return h.talent_profile(
        personas.talent,
        {skills["python"]: 4, skills["sql"]: 3, skills["statistics"]: 2, skills["spreadsheets"]: 5},
        career_goals="I want to become a data analyst in the energy sector.",
        target_roles=["Data analyst"],
        interests=["data-analysis"],
        weekly_hours=12,
    )


def data_project(skills: dict[str, Any], **fields: Any) -> Project:
    fields.setdefault("title", "Analyse energy consumption data")
    fields.setdefault("summary", "Clean and analyse a year of smart meter readings and chart the trends.")
    fields.setdefault("description", "Use Python and SQL to clean the data, compute statistics and build charts.")
    return h.project(
        [
            (skills["python"], True, 3),
            (skills["sql"], True, 3),
            (skills["statistics"], True, 4),
            (skills["spreadsheets"], False, 2),
            (skills["data-visualisation"], True, 3),
        ],
        **fields,
    )


def check_reasons(profile: Any, rec: Any, today: Any) -> None:
    """Every reason must state a fact that the data confirms."""
    project = rec.project
    have = {str(s): lvl for s, lvl in TalentSkill.objects.filter(profile=profile).values_list("skill_id", "level")}
    project_skills = [str(s) for s in project.project_skills.values_list("skill_id", flat=True)]
    for reason in rec.reasons:
        if m := re.fullmatch(r"You have (\d+) of its (\d+) skills?", reason):
            assert int(m[1]) == sum(1 for s in project_skills if s in have)
            assert int(m[2]) == len(project_skills)
        elif m := re.fullmatch(r"You have related experience for (\d+) more of its skills", reason):
            assert 1 <= int(m[1]) <= len([s for s in project_skills if s not in have])
        elif m := re.fullmatch(r"Close to your goal of becoming an? (.+)", reason):
            assert m[1].lower() in [r.lower() for r in profile.target_roles]
            assert rec.components["similarity"] >= F.GOAL_SIMILARITY_THRESHOLD
        elif m := re.fullmatch(r"Fits your (\d+) free hours? a week before the due date", reason):
            free = int(m[1])
            assert free <= profile.weekly_hours
            window = F.work_window_days(project.start_date, project.due_date, today)
            assert free * window / 7 >= project.estimated_hours - 1e-9 or rec.components["feasibility"] >= 1.0
        elif m := re.fullmatch(r"Pays ([\d.]+) ([A-Z]{3}) per hour", reason):
            assert m[2] == project.currency
            assert round(float(m[1]) * 100) == project.fee_minor // project.estimated_hours
        elif m := re.fullmatch(r"In (.+), one of your interests", reason):
            assert m[1] == project.category.name
            assert project.category.slug in profile.interests
        elif m := re.fullmatch(r"Overlaps (\d+) h(?: (\d+) min)? with your working hours", reason):
            minutes = int(m[1]) * 60 + int(m[2] or 0)
            assert project.overlap_window is not None and profile.work_window is not None
            assert minutes == overlap_minutes(project.overlap_window, profile.work_window, today)
            assert minutes >= project.overlap_hours * 60
        elif m := re.fullmatch(r"Written in (.+), a language you work in", reason):
            assert project.language in profile.languages
            assert m[1] == language_name(project.language)
        else:
            pytest.fail(f"unexpected reason {reason!r}")


def test_reasons_are_true(personas, analyst, skills) -> None:
    today = h.now().date()
    good = data_project(skills, fee_minor=52_000, estimated_hours=20)
    other = h.project(
        [(skills["copywriting"], True, 3)], title="Write product descriptions", category=h.category("content-creation")
    )
    recs = recommend_projects_for_talent(personas.talent, today=today)
    assert [r.project for r in recs][:2] == [good, other]
    top = recs[0]
    assert "You have 4 of its 5 skills" in top.reasons
    assert "Pays 26 USD per hour" in top.reasons
    assert "Fits your 12 free hours a week before the due date" in top.reasons
    assert "Close to your goal of becoming a data analyst" in top.reasons
    for rec in recs:
        check_reasons(analyst, rec, today)


def test_feasibility_reason_only_when_the_hours_fit(personas, analyst, skills) -> None:
    analyst.weekly_hours = 2
    analyst.save()
    data_project(skills, estimated_hours=30, fee_minor=90_000)
    [rec] = recommend_projects_for_talent(personas.talent)
    assert not any(r.startswith("Fits your") for r in rec.reasons)
    assert rec.components["feasibility"] < 1.0
    check_reasons(analyst, rec, h.now().date())


def test_related_skills_earn_partial_credit(personas, skills) -> None:
    skills["python"].related.add(skills["data-visualisation"])
    h.talent_profile(personas.talent, {skills["python"]: 4}, target_roles=[], career_goals="", interests=[])
    exact = h.project([(skills["python"], True, 3)], title="Python scripts")
    related = h.project([(skills["data-visualisation"], True, 3)], title="Charts")
    unrelated = h.project([(skills["logo-design"], True, 3)], title="Logos")
    recs = {r.project: r for r in recommend_projects_for_talent(personas.talent)}
    assert recs[exact].components["skills"] > recs[related].components["skills"] > 0
    assert recs[unrelated].components["skills"] == 0
    assert "You have related experience for 1 more of its skills" in recs[related].reasons


def test_required_skills_weigh_more_than_nice_to_have(personas, skills) -> None:
    h.talent_profile(personas.talent, {skills["python"]: 4}, target_roles=[], career_goals="", interests=[])
    required = h.project([(skills["python"], True, 3), (skills["sql"], False, 3)], title="A")
    optional = h.project([(skills["python"], False, 3), (skills["sql"], True, 3)], title="B")
    recs = {r.project: r for r in recommend_projects_for_talent(personas.talent)}
    assert recs[required].components["skills"] > recs[optional].components["skills"]


def test_excluded_projects_never_appear(personas, analyst, skills) -> None:
    shown = data_project(skills, title="Shown")
    applied = data_project(skills, title="Applied")
    ApplicationFactory(project=applied, talent=personas.talent)
    hidden = [
        applied,
        data_project(skills, title="Closed", status=ProjectStatus.CLOSED),
        data_project(skills, title="Cancelled", status=ProjectStatus.CANCELLED),
        data_project(skills, title="Draft", status=ProjectStatus.DRAFT, published_at=None),
        data_project(skills, title="Pending", status=ProjectStatus.PENDING_REVIEW),
        data_project(skills, title="Unlisted", visibility=Visibility.UNLISTED),
        data_project(skills, title="Invite only", visibility=Visibility.INVITE_ONLY),
        data_project(
            skills,
            title="Deadline passed",
            application_deadline=h.now() - h.days(1),
            response_deadline=h.now() + h.days(3),
        ),
    ]
    invited = data_project(skills, title="Invited", visibility=Visibility.INVITE_ONLY)
    ProjectInvitation.objects.create(project=invited, talent=personas.talent)
    ProjectInvitation.objects.create(project=hidden[-2], talent=personas.other_talent)
    got = {r.project for r in recommend_projects_for_talent(personas.talent, limit=100)}
    assert got == {shown, invited}


def test_a_project_closed_after_embedding_disappears_at_once(personas, analyst, skills) -> None:
    project = data_project(skills)
    assert [r.project for r in recommend_projects_for_talent(personas.talent)] == [project]
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.CLOSED)  # no signal
    assert recommend_projects_for_talent(personas.talent) == []


def test_a_new_project_appears_within_one_indexing_cycle(personas, analyst, skills) -> None:
    assert recommend_projects_for_talent(personas.talent) == []
    project = h.run_on_commit(lambda: data_project(skills, title="Fresh energy dashboard"))
    # The on-commit task computed the vector: the recommender does not have to.
    assert ProjectEmbedding.objects.filter(project=project).exists()
    recs = recommend_projects_for_talent(personas.talent)
    assert [r.project for r in recs] == [project]


def test_skill_changes_reach_the_packed_skills(personas, analyst, skills) -> None:
    project = h.run_on_commit(lambda: h.project([(skills["logo-design"], True, 3)], title="Brand refresh"))
    before = recommend_projects_for_talent(personas.talent)[0]
    assert before.components["skills"] == 0
    h.run_on_commit(
        lambda: ProjectSkill.objects.create(project=project, skill=skills["python"], required=True, level=3)
    )
    after = recommend_projects_for_talent(personas.talent)[0]
    assert "You have 1 of its 2 skills" in after.reasons


def test_missing_vectors_are_computed_inline(personas, analyst, skills) -> None:
    project = data_project(skills)
    ProjectEmbedding.objects.all().delete()
    assert [r.project for r in recommend_projects_for_talent(personas.talent)] == [project]
    assert ProjectEmbedding.objects.filter(project=project).exists()


def test_fresher_projects_rank_higher_all_else_equal(personas, analyst, skills) -> None:
    old = data_project(skills, title="Same", published_at=h.now() - h.days(20))
    new = data_project(skills, title="Same", published_at=h.now() - h.days(1))
    recs = recommend_projects_for_talent(personas.talent)
    assert [r.project for r in recs] == [new, old]


def test_better_pay_ranks_higher_all_else_equal(personas, analyst, skills) -> None:
    published = h.now() - h.days(2)
    low = data_project(skills, title="Same", fee_minor=40_000, published_at=published)
    high = data_project(skills, title="Same", fee_minor=80_000, published_at=published)
    recs = recommend_projects_for_talent(personas.talent)
    assert [r.project for r in recs] == [high, low]


def test_limit_is_respected(personas, analyst, skills) -> None:
    for i in range(5):
        data_project(skills, title=f"Project {i}")
    assert len(recommend_projects_for_talent(personas.talent, limit=3)) == 3


def test_only_talent_get_recommendations(personas) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied) as exc:
        recommend_projects_for_talent(personas.company_owner)
    assert exc.value.code == "talent_role_required"
    with pytest.raises(NotAuthenticated):
        recommend_projects_for_talent(AnonymousUser())
