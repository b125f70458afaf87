from __future__ import annotations

import datetime
import secrets

import factory
from django.utils import timezone

from stint.core.testing.model_factory import ModelFactory
from stint.organizations.tests.factories import OrganizationFactory
from stint.projects.choices import ProjectStatus, Visibility
from stint.projects.models import Project, ProjectSkill
from stint.skills.tests.factories import CategoryFactory, SkillFactory


def _today() -> datetime.date:
    return timezone.localdate()


class ProjectFactory(ModelFactory[Project]):
    """A valid project (pays 25 USD/h for 20 h). ``status`` defaults to open and public."""

    class Meta:
        model = Project

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Market research sprint {n}")
    summary = "Size the market for a student budgeting app."
    description = "Research **three** competitor segments and summarise the findings."
    description_html = "<p>Research <strong>three</strong> competitor segments and summarise the findings.</p>"
    category = factory.SubFactory(CategoryFactory, slug="research", name="Research")
    deliverables = factory.LazyFunction(lambda: ["A 5-page report", "A slide deck"])
    estimated_hours = 20
    fee_minor = 50_000
    currency = "USD"
    openings = 1
    visibility = Visibility.PUBLIC
    secret_token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    application_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    response_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    start_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=11))
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=25))
    questions = factory.LazyFunction(lambda: ["Which market research method would you start with, and why?"])
    rubric = factory.LazyFunction(
        lambda: [{"criterion": "Research method", "weight": 2}, {"criterion": "Writing", "weight": 1}]
    )
    status = ProjectStatus.OPEN
    published_at = factory.LazyFunction(timezone.now)


class ProjectSkillFactory(ModelFactory[ProjectSkill]):
    class Meta:
        model = ProjectSkill

    project = factory.SubFactory(ProjectFactory)
    skill = factory.SubFactory(SkillFactory)
    required = True
    level = 3
