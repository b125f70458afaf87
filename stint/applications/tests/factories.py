from __future__ import annotations

import factory

from stint.applications.choices import ApplicationStatus
from stint.applications.models import Application
from stint.core.testing.factories import TalentFactory
from stint.core.testing.model_factory import ModelFactory
from stint.projects.tests.factories import ProjectFactory


class ApplicationFactory(ModelFactory[Application]):
    """A submitted application with a letter long enough and one answer per question."""

    class Meta:
        model = Application

    project = factory.SubFactory(ProjectFactory)
    talent = factory.SubFactory(TalentFactory)
    cover_letter = factory.Sequence(lambda n: f"Letter {n}: " + "I would love to work on this project. " * 8)
    answers = factory.LazyAttribute(lambda o: ["My answer." for _ in o.project.questions])
    links = factory.LazyFunction(list)
    status = ApplicationStatus.SUBMITTED


def letter(n: int | str = 0) -> str:
    """A distinct, long-enough cover letter."""
    return f"Letter {n}. " + "I have done three market research projects at university and enjoy it. " * 4
