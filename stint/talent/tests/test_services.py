from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from stint.core.errors import PermissionDenied, ValidationFailed
from stint.core.models import AuditEvent
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentProfile
from stint.talent.services import talent_profile_get_or_create, talent_profile_update

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def skills():
    data = CategoryFactory(slug="data-analysis", name="Data analysis")
    return {
        "excel": SkillFactory(slug="spreadsheets", label="Spreadsheets", category=data),
        "sql": SkillFactory(slug="sql", label="SQL", category=data),
        "stats": SkillFactory(slug="statistics", label="Statistics", category=data),
    }


def full_data(skills):
    return {
        "headline": "Economics student who turns data into decisions",
        "education": [{"institution": "University of Leeds", "programme": "BSc Economics", "graduation_year": 2027}],
        "skills": [
            {"skill": str(skills["excel"].pk), "level": 4},
            {"skill": "sql", "level": 3},
        ],
        "interests": ["data-analysis", "Renewable energy"],
        "career_goals": "Become a data analyst in the energy transition.",
        "target_roles": ["Data analyst", "Research assistant"],
        "weekly_hours": 12,
        "timezone": "Europe/London",
        "blocked_periods": [{"start": "2027-01-10", "end": "2027-01-24", "reason": "Exams"}],
        "links": ["https://github.com/sam"],
    }


def codes(exc_info):
    return [e["code"] for e in exc_info.value.errors]


def test_profile_is_created_on_first_access(personas):
    assert not TalentProfile.objects.filter(user=personas.talent).exists()
    profile = talent_profile_get_or_create(user=personas.talent)
    assert profile.user == personas.talent
    assert talent_profile_get_or_create(user=personas.talent).pk == profile.pk


@pytest.mark.parametrize("persona", ["company_owner", "advisor", "staff"])
def test_non_talent_has_no_talent_profile(personas, persona):
    with pytest.raises(PermissionDenied) as exc_info:
        talent_profile_get_or_create(user=getattr(personas, persona))
    assert exc_info.value.code == "talent_role_required"
    with pytest.raises(PermissionDenied):
        talent_profile_update(user=getattr(personas, persona), data={"headline": "x"})


def test_full_update_stores_every_field(personas, skills):
    profile = talent_profile_update(user=personas.talent, data=full_data(skills))
    profile.refresh_from_db()
    assert profile.headline.startswith("Economics student")
    assert [(e.institution, e.graduation_year) for e in profile.education.all()] == [("University of Leeds", 2027)]
    assert {(ts.skill.slug, ts.level) for ts in profile.talent_skills.all()} == {("spreadsheets", 4), ("sql", 3)}
    assert profile.interests == ["data-analysis", "Renewable energy"]
    assert profile.target_roles == ["Data analyst", "Research assistant"]
    assert profile.weekly_hours == 12 and profile.weekly_hours_confirmed
    assert profile.timezone == "Europe/London" and profile.timezone_confirmed
    [period] = profile.blocked_periods.all()
    assert (period.start, period.end, period.reason) == (dt.date(2027, 1, 10), dt.date(2027, 1, 24), "Exams")
    assert profile.links == ["https://github.com/sam"]
    assert AuditEvent.objects.filter(code="talent_profile.updated", target_id=str(profile.pk)).exists()


def test_lists_are_replaced_not_merged_and_omitted_fields_are_kept(personas, skills):
    talent_profile_update(user=personas.talent, data=full_data(skills))
    profile = talent_profile_update(user=personas.talent, data={"skills": [{"skill": "statistics", "level": 5}]})
    assert [(ts.skill.slug, ts.level) for ts in profile.talent_skills.all()] == [("statistics", 5)]
    assert profile.headline.startswith("Economics student")
    assert profile.education.count() == 1


def test_interest_matching_a_category_name_is_stored_as_its_slug(personas, skills):
    profile = talent_profile_update(
        user=personas.talent, data={"interests": ["Data Analysis", "public health", "PUBLIC HEALTH"]}
    )
    assert profile.interests == ["data-analysis", "public health"]


def test_nul_bytes_are_stripped_from_all_text(personas, skills):
    profile = talent_profile_update(
        user=personas.talent,
        data={
            "headline": "Data\x00 nerd",
            "career_goals": "Goals\x00",
            "target_roles": ["Ana\x00lyst"],
            "interests": ["energy\x00"],
            "education": [{"institution": "Uni\x00 of X", "programme": "Eco\x00"}],
            "blocked_periods": [{"start": "2027-01-01", "end": "2027-01-02", "reason": "Ex\x00ams"}],
            "links": ["https://example.org/\x00me"],
            "timezone": "Europe/Paris\x00",
        },
    )
    profile.refresh_from_db()
    assert profile.headline == "Data nerd"
    assert profile.career_goals == "Goals"
    assert profile.target_roles == ["Analyst"]
    assert profile.interests == ["energy"]
    assert profile.education.get().institution == "Uni of X"
    assert profile.blocked_periods.get().reason == "Exams"
    assert profile.links == ["https://example.org/me"]
    assert profile.timezone == "Europe/Paris"


LATER = (timezone.localdate() + dt.timedelta(days=2 * 365 + 5)).isoformat()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"headline": "x" * 161}, "headline_too_long"),
        ({"education": [{"institution": "", "programme": "BSc"}]}, "education_institution_required"),
        ({"education": [{"institution": "Leeds", "graduation_year": 1949}]}, "invalid_graduation_year"),
        ({"education": [{"institution": "Leeds", "graduation_year": TODAY.year + 9}]}, "invalid_graduation_year"),
        ({"education": [{"institution": "Leeds"}] * 11}, "too_many_education"),
        ({"skills": [{"skill": "no-such-skill", "level": 3}]}, "unknown_skill"),
        ({"skills": [{"skill": "00000000-0000-0000-0000-000000000000", "level": 3}]}, "unknown_skill"),
        ({"skills": [{"skill": "sql", "level": 0}]}, "invalid_skill_level"),
        ({"skills": [{"skill": "sql", "level": 6}]}, "invalid_skill_level"),
        ({"skills": [{"skill": "sql", "level": 2}, {"skill": "sql", "level": 3}]}, "duplicate_skill"),
        ({"interests": ["x" * 61]}, "interest_too_long"),
        ({"career_goals": "x" * 2001}, "career_goals_too_long"),
        ({"target_roles": [f"Role {i}" for i in range(11)]}, "too_many_target_roles"),
        ({"target_roles": ["x" * 101]}, "target_role_too_long"),
        ({"weekly_hours": 0}, "invalid_weekly_hours"),
        ({"weekly_hours": 61}, "invalid_weekly_hours"),
        ({"weekly_hours": "many"}, "invalid_weekly_hours"),
        ({"timezone": "Mars/Olympus_Mons"}, "invalid_timezone"),
        ({"timezone": "../../etc/passwd"}, "invalid_timezone"),
        ({"timezone": ""}, "invalid_timezone"),
        ({"blocked_periods": [{"start": "2027-02-10", "end": "2027-02-01"}]}, "blocked_period_end_before_start"),
        ({"blocked_periods": [{"start": "2027-02-10", "end": LATER}]}, "blocked_period_too_far_ahead"),
        ({"blocked_periods": [{"start": "soon", "end": "2027-02-01"}]}, "invalid_date"),
        (
            {"blocked_periods": [{"start": "2027-02-01", "end": "2027-02-02", "capacity_hours": 61}]},
            "invalid_capacity_hours",
        ),
        ({"links": ["javascript:alert(1)"]}, "invalid_link"),
        ({"links": ["ftp://example.org/cv"]}, "invalid_link"),
        ({"links": ["https://"]}, "invalid_link"),
        ({"links": [f"https://example.org/{i}" for i in range(11)]}, "too_many_links"),
        ({"headline": 42}, "invalid_type"),
        ({"skills": "sql"}, "invalid_type"),
    ],
)
def test_each_rule_has_its_code_and_changes_nothing(personas, skills, data, code):
    before = talent_profile_update(user=personas.talent, data=full_data(skills))
    with pytest.raises(ValidationFailed) as exc_info:
        talent_profile_update(
            user=personas.talent, data={"headline": "Changed", **data} if "headline" not in data else data
        )
    assert exc_info.value.code == code
    assert exc_info.value.status == 422
    assert code in codes(exc_info)
    after = TalentProfile.objects.get(pk=before.pk)
    assert after.headline == before.headline
    assert after.talent_skills.count() == 2
    assert after.education.count() == 1
    assert after.blocked_periods.count() == 1


def test_every_problem_is_listed_with_its_field(personas, skills):
    with pytest.raises(ValidationFailed) as exc_info:
        talent_profile_update(
            user=personas.talent,
            data={"weekly_hours": 99, "timezone": "Nowhere/Land", "skills": [{"skill": "ghost", "level": 1}]},
        )
    fields = {(e["field"], e["code"]) for e in exc_info.value.errors}
    assert fields == {
        ("weekly_hours", "invalid_weekly_hours"),
        ("timezone", "invalid_timezone"),
        ("skills.0.skill", "unknown_skill"),
    }


def test_reduced_capacity_cannot_exceed_usual_weekly_hours(personas, skills):
    with pytest.raises(ValidationFailed) as exc_info:
        talent_profile_update(
            user=personas.talent,
            data={
                "weekly_hours": 10,
                "blocked_periods": [{"start": "2027-01-01", "end": "2027-01-05", "capacity_hours": 12}],
            },
        )
    assert exc_info.value.code == "invalid_capacity_hours"
    profile = talent_profile_update(
        user=personas.talent,
        data={
            "weekly_hours": 10,
            "blocked_periods": [{"start": "2027-01-01", "end": "2027-01-05", "capacity_hours": 4}],
        },
    )
    assert profile.blocked_periods.get().capacity_hours == 4


def test_boundaries_are_accepted(personas, skills):
    latest = timezone.localdate() + dt.timedelta(days=2 * 365)
    profile = talent_profile_update(
        user=personas.talent,
        data={
            "headline": "x" * 160,
            "career_goals": "y" * 2000,
            "weekly_hours": 60,
            "target_roles": [f"Role {i}" for i in range(10)],
            "links": [f"http://example.org/{i}" for i in range(10)],
            "education": [{"institution": "Old school", "graduation_year": 1950}],
            "blocked_periods": [{"start": latest, "end": latest}],
        },
    )
    assert profile.weekly_hours == 60
    talent_profile_update(user=personas.talent, data={"weekly_hours": 1})
