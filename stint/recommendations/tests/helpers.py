"""Small builders for recommendation tests (factories of other apps plus skills and profiles)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from stint.projects.models import ProjectSkill
from stint.projects.tests.factories import ProjectFactory
from stint.skills.tests.factories import CategoryFactory, SkillFactory
from stint.talent.models import TalentSkill
from stint.talent.tests.factories import TalentProfileFactory


def skill(slug: str, label: str | None = None, category: str = "data-analysis") -> Any:
    cat = CategoryFactory(slug=category, name=category.replace("-", " ").title())
    return SkillFactory(slug=slug, label=label or slug.replace("-", " ").capitalize(), category=cat)


def category(slug: str) -> Any:
    return CategoryFactory(slug=slug, name=slug.replace("-", " ").title())


def talent_profile(user: Any, skills: dict[Any, int] | None = None, **fields: Any) -> Any:
    profile: Any = TalentProfileFactory(user=user, **fields)
    for s, level in (skills or {}).items():
        TalentSkill.objects.create(profile=profile, skill=s, level=level)
    return profile


def project(skills: list[tuple[Any, bool, int]] | None = None, **fields: Any) -> Any:
    fields.setdefault("category", category("data-analysis"))
    p: Any = ProjectFactory(**fields)
    for s, required, level in skills or []:
        ProjectSkill.objects.create(project=p, skill=s, required=required, level=level)
    return p


def run_on_commit(fn: Any) -> Any:
    """Run ``fn`` in a transaction and its on-commit callbacks (the test DB never commits)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return fn()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def now() -> datetime.datetime:
    return timezone.now()
