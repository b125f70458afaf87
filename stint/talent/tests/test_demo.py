from __future__ import annotations

import pytest

from stint.accounts.models import User
from stint.demo.loader import DEMO_PASSWORD, STEPS
from stint.skills.tests.factories import SkillFactory
from stint.talent.completeness import profile_completeness
from stint.talent.demo import DEMO_TALENT, SAM, load_talent
from stint.talent.models import BlockedPeriod, TalentProfile, TalentSkill
from stint.talent.selectors import talent_profile_queryset

pytestmark = pytest.mark.django_db


def test_the_step_is_registered():
    assert load_talent in STEPS


def test_demo_talent_have_complete_profiles_and_missing_skills_are_skipped() -> None:
    for slug in ("spreadsheets", "sql", "statistics", "python", "copywriting", "user-research"):
        SkillFactory(slug=slug)
    users: dict = {}  # email → user, filled by the step
    load_talent(users)

    assert 9 <= len(DEMO_TALENT) - 1 <= 12
    assert TalentProfile.objects.count() == len(DEMO_TALENT)
    sam = talent_profile_queryset().get(user__email=SAM)
    assert {ts.skill.slug for ts in sam.talent_skills.all()} == {"spreadsheets", "sql", "statistics", "python"}
    assert any("exam" in b.reason.lower() for b in sam.blocked_periods.all())
    assert sam.resume and sam.resume.storage.exists(str(sam.resume.name))
    assert profile_completeness(sam)["percent"] == 100
    for person in DEMO_TALENT[1:]:
        user = User.objects.get(email=person.email)
        assert user.role == "talent" and user.check_password(DEMO_PASSWORD)
        profile = talent_profile_queryset().get(user=user)
        assert profile.headline and profile.career_goals and profile.target_roles and profile.links
        assert profile.education.count() == 1
        assert profile.resume
    assert len({p.tz for p in DEMO_TALENT}) >= 8
    assert len({p.institution for p in DEMO_TALENT}) == len(DEMO_TALENT)


def test_running_twice_creates_nothing_twice():
    SkillFactory(slug="sql")
    load_talent({})
    counts = (TalentProfile.objects.count(), TalentSkill.objects.count(), BlockedPeriod.objects.count())
    periods = set(BlockedPeriod.objects.values_list("pk", flat=True))
    resume = TalentProfile.objects.get(user__email=SAM).resume.name
    load_talent({})
    assert (TalentProfile.objects.count(), TalentSkill.objects.count(), BlockedPeriod.objects.count()) == counts
    assert set(BlockedPeriod.objects.values_list("pk", flat=True)) == periods
    assert TalentProfile.objects.get(user__email=SAM).resume.name == resume


def test_demo_talent_have_working_hours_and_languages():
    load_talent({})
    sam = TalentProfile.objects.get(user__email="talent@student.example")
    assert sam.work_window is not None and sam.languages == ["en", "es"]
    assert TalentProfile.objects.filter(timezone="Africa/Lagos", work_start__isnull=False).exists()
